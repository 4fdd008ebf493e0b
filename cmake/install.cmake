# `make install` (cmake --install) and `make package` (CPack's DEB generator).
#
# Installed: the tiendo executable, its man page and bash completion (both written at build time
# from the --help of every command by tools/help_walk.py, like the command reference in
# docs/commands.md), and the fixtures `tiendo demo`, `generate` and `project add --template` read,
# under share/tiendo. The Debian package adds the service (tiendo.service, its settings in
# /etc/tiendo) and the files Debian asks of every package.
include(GNUInstallDirs)
# Folders made by the install are 0755 whatever the umask, as Debian requires of a package.
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
  OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
find_package(Python3 REQUIRED COMPONENTS Interpreter)

# An installed tiendo looks for its data beside its bin/ first (cli/common.cpp); the prefix it
# was configured for is the last place it looks.
target_compile_definitions(tiendo_cli PRIVATE
  TIENDO_DATA_DIR="${CMAKE_INSTALL_FULL_DATADIR}/tiendo")

set(TIENDO_MAN_PAGE ${CMAKE_BINARY_DIR}/tiendo.1.gz)
set(TIENDO_COMPLETION ${CMAKE_BINARY_DIR}/tiendo.bash-completion)
add_custom_command(
  OUTPUT ${TIENDO_MAN_PAGE} ${TIENDO_COMPLETION}
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tools/help_walk.py $<TARGET_FILE:tiendo>
          --man-page ${TIENDO_MAN_PAGE} --bash-completion ${TIENDO_COMPLETION}
  DEPENDS tiendo ${CMAKE_SOURCE_DIR}/tools/help_walk.py ${CMAKE_SOURCE_DIR}/tools/man_page.py
          ${CMAKE_SOURCE_DIR}/tools/bash_completion.py
  COMMENT "Writing the man page and the bash completion from --help")
add_custom_target(tiendo_help_files ALL DEPENDS ${TIENDO_MAN_PAGE} ${TIENDO_COMPLETION})

install(TARGETS tiendo RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT tiendo)
install(FILES ${TIENDO_MAN_PAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT tiendo)
install(FILES ${TIENDO_COMPLETION} RENAME tiendo
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions COMPONENT tiendo)
# The message catalogue, where gettext's tools and translators look for it; the program itself
# reads the copy compiled into it.
install(FILES ${TIENDO_CATALOGUE_MO} DESTINATION ${CMAKE_INSTALL_LOCALEDIR}/vi/LC_MESSAGES
  COMPONENT tiendo)
install(FILES fixtures/templates.csv DESTINATION ${CMAKE_INSTALL_DATADIR}/tiendo COMPONENT tiendo)
install(FILES fixtures/seed/projects.csv fixtures/seed/milestones.csv
              fixtures/seed/dependencies.csv
  DESTINATION ${CMAKE_INSTALL_DATADIR}/tiendo/seed COMPONENT tiendo)

# What only the Debian package installs: a source install does not touch /etc or systemd.
install(FILES packaging/tiendo.service DESTINATION /lib/systemd/system
  COMPONENT service EXCLUDE_FROM_ALL)
install(FILES packaging/tiendo.conf DESTINATION /etc/tiendo COMPONENT service EXCLUDE_FROM_ALL)
install(FILES packaging/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR}
  COMPONENT service EXCLUDE_FROM_ALL)
set(TIENDO_CHANGELOG ${CMAKE_BINARY_DIR}/changelog.gz)
add_custom_command(
  OUTPUT ${TIENDO_CHANGELOG}
  COMMAND gzip -9nc ${CMAKE_SOURCE_DIR}/packaging/changelog > ${TIENDO_CHANGELOG}
  DEPENDS ${CMAKE_SOURCE_DIR}/packaging/changelog)
add_custom_target(tiendo_changelog ALL DEPENDS ${TIENDO_CHANGELOG})
install(FILES ${TIENDO_CHANGELOG} DESTINATION ${CMAKE_INSTALL_DOCDIR}
  COMPONENT service EXCLUDE_FROM_ALL)
# The changelog's newest entry names the version the package is built as.
file(STRINGS packaging/changelog TIENDO_CHANGELOG_TOP LIMIT_COUNT 1)
if(NOT TIENDO_CHANGELOG_TOP MATCHES "^tiendo \\(${PROJECT_VERSION}\\) ")
  message(FATAL_ERROR "packaging/changelog's first entry is not version ${PROJECT_VERSION}: "
                      "${TIENDO_CHANGELOG_TOP}")
endif()

# make install into a DESTDIR: the demo from elsewhere, the man page, the completion.
add_test(NAME install
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/install/install_test.py
          ${CMAKE_BINARY_DIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME tiendo)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "tiendo maintainers <maintainers@users.noreply.b-seed-44a0ea73.example>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/package)
set(CPACK_INSTALL_CMAKE_PROJECTS
  "${CMAKE_BINARY_DIR};tiendo;tiendo;/" "${CMAKE_BINARY_DIR};tiendo;service;/")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends: what dpkg-shlibdeps finds the executable linked against, and adduser for the scripts.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS adduser)
# CPack indents the extended description itself and makes an empty line a paragraph break.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "portfolio tracker for energy-project pipelines
tiendo records power projects (wind, solar, coal, LNG, biomass, hydro and the
grid works that connect them), their milestones and the dependencies between
them in one SQLite database, schedules them by the critical path method and
reports the pipeline, delay alerts and their chains of causes, in Vietnamese
or English, for provincial Departments of Industry and Trade.

The package installs the tiendo command and runs its web workspace and JSON
API as the service tiendo.service, under the system user tiendo, with its
database in /var/lib/tiendo and its settings in /etc/tiendo.")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${CMAKE_SOURCE_DIR}/packaging/conffiles ${CMAKE_SOURCE_DIR}/packaging/postinst
  ${CMAKE_SOURCE_DIR}/packaging/prerm ${CMAKE_SOURCE_DIR}/packaging/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)

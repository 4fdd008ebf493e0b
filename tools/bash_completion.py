"""The bash completion of tiendo, written from the walk of --help (help_walk.py): the commands at
each level, every command's options with the program's global ones, the values of options that
list them (--format, --lang, --from, ...), and file names for the other values (never tiendo's lock
files, X.tiendo-lock beside a database: nothing takes one as an argument)."""

SCRIPT = r'''# bash completion for tiendo. Generated from `tiendo --help` and the --help of every command
# (tools/help_walk.py); do not edit.

_tiendo_commands() {
    case "$1" in
@COMMANDS@
    esac
}

_tiendo_options() {
    case "$1" in
@OPTIONS@
    esac
}

# The values an option accepts, by command and option, or by option alone for the global ones;
# "#N" stands for the command's positional argument N (from 0).
_tiendo_choices() {
    case "$1|$2" in
@CHOICES@
    esac
}

# Options that take a value (the word after them is that value, not a command).
_tiendo_takes_value() {
    case "$1" in
        @VALUED@) return 0 ;;
    esac
    return 1
}

_tiendo() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=""
    (( COMP_CWORD > 0 )) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    local path="" word next i skip=0 positional=0
    for (( i = 1; i < COMP_CWORD; i++ )); do
        word=${COMP_WORDS[i]}
        if (( skip )); then
            skip=0
            continue
        fi
        case "$word" in
            -*=*) ;;
            -*) _tiendo_takes_value "$word" && skip=1 ;;
            *)
                next=${path:+$path }$word
                if [[ -n $(_tiendo_options "$next") ]]; then
                    path=$next
                else
                    (( positional++ ))
                fi
                ;;
        esac
    done
    local words
    if [[ $prev == -* ]] && _tiendo_takes_value "$prev"; then
        words=$(_tiendo_choices "$path" "$prev")
        [[ -z $words ]] && words=$(_tiendo_choices "" "$prev")
        if [[ -n $words ]]; then
            COMPREPLY=($(compgen -W "$words" -- "$cur"))
        else
            COMPREPLY=($(compgen -f -X '*.tiendo-lock' -- "$cur"))
        fi
        return 0
    fi
    if [[ $cur == -* ]]; then
        words=$(_tiendo_options "$path")
        COMPREPLY=($(compgen -W "$words" -- "$cur"))
        return 0
    fi
    words=$(_tiendo_commands "$path")
    [[ -z $words ]] && words=$(_tiendo_choices "$path" "#$positional")
    if [[ -n $words ]]; then
        COMPREPLY=($(compgen -W "$words" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -X '*.tiendo-lock' -- "$cur"))
    fi
    return 0
}

complete -F _tiendo -o filenames tiendo
'''


def quoted(word):
    return '"' + word.replace('"', '\\"') + '"'


def script(program, commands, groups):
    every = [program, *commands]
    command_cases = [f'        {quoted(path)}) echo {quoted(" ".join(names))} ;;'
                     for path, names in groups.items()]
    option_cases = []
    choice_cases = []
    valued = set()
    paths = {command.path for command in every} | set(groups)
    by_path = {command.path: command for command in every}
    flags = set()
    global_names = [name for entry in program.options for name in entry.names
                    if name.startswith("--")]
    for path in sorted(paths):
        command = by_path.get(path)
        names = [name for entry in (command.options if command else [])
                 for name in entry.names if name.startswith("--")]
        # Global options work after a command's name too. A command that only groups others
        # (project, user) has them alone, and is known as a command by having options at all.
        names += [name for name in global_names if name not in names]
        option_cases.append(f'        {quoted(path)}) echo {quoted(" ".join(names))} ;;')
        for index, entry in enumerate(command.positionals if command else []):
            if entry.choices:
                choice_cases.append(
                    f'        {quoted(path + "|#" + str(index))}) echo {quoted(" ".join(entry.choices))} ;;')
        for entry in command.options if command else []:
            dashed = {name for name in entry.names if name.startswith("-")}
            (valued if entry.value else flags).update(dashed)
            if entry.choices:
                for name in entry.names:
                    choice_cases.append(
                        f'        {quoted(path + "|" + name)}) echo {quoted(" ".join(entry.choices))} ;;')
    # The scan of the words typed reads an option the same way under every command.
    if valued & flags:
        raise SystemExit(f"options that take a value in one command and not in another: "
                         f"{sorted(valued & flags)}")
    return (SCRIPT.replace("@COMMANDS@", "\n".join(command_cases))
            .replace("@OPTIONS@", "\n".join(option_cases))
            .replace("@CHOICES@", "\n".join(choice_cases))
            .replace("@VALUED@", "|".join(sorted(valued))))

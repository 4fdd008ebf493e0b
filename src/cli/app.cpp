#include <fmt/format.h>

#include "cli/common.h"
#include "report/safe_output.h"
#include "domain/text.h"
#include "domain/error.h"

namespace tiendo::cli {

int run(int argc, const char* const* argv, std::ostream& raw_out, std::ostream& raw_err) {
  report::SafeTextBuffer out_buffer(raw_out.rdbuf()), err_buffer(raw_err.rdbuf());
  std::ostream out(&out_buffer), err(&err_buffer);
  Context context(out, err);
  CLI::App app{"tiendo — a portfolio tracker for energy-project pipelines", "tiendo"};
  app.require_subcommand(1);
  app.fallthrough();
  auto& options = context.options;
  app.add_option("--db", options.database, "database file (default $TIENDO_DB, else ./tiendo.db)");
  app.add_option("--as-of", options.as_of,
                 "data date YYYY-MM-DD (default today, Asia/Ho_Chi_Minh)");
  app.add_option("--format", options.format, "output format")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  app.add_option("--lang", options.language, "language of tables and reports")
      ->check(CLI::IsMember({"en", "vi"}));
  app.add_option("--actor", options.actor, "who makes the change (default $USER)");

  register_init(app, context);
  register_demo(app, context);
  register_project(app, context);
  register_milestone(app, context);
  register_depend(app, context);
  register_schedule(app, context);
  register_explain(app, context);
  register_impact(app, context);
  register_baseline(app, context);
  register_pipeline(app, context);
  register_alerts(app, context);
  register_report(app, context);
  register_history(app, context);
  register_import(app, context);
  register_export(app, context);
  register_backup(app, context);
  register_generate(app, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) {
      app.exit(error, out, err);
      return 0;
    }
    err << "tiendo: " << printable(error.what()) << '\n';
    return static_cast<int>(ExitCode::BadInput);
  } catch (const InvalidInput& error) {
    for (const auto& problem : error.problems())
      err << printable(problem) << '\n';
    return static_cast<int>(error.exit_code());
  } catch (const Error& error) {
    err << "tiendo: " << printable(error.what()) << '\n';
    return static_cast<int>(error.exit_code());
  } catch (const std::exception& error) {
    if (auto failure = store::database_failure(error))
      err << "tiendo: database: " << printable(*failure) << '\n';
    else
      err << "tiendo: internal error: " << printable(error.what()) << '\n';
    return static_cast<int>(ExitCode::Internal);
  }
  return context.exit_code;
}

}  // namespace tiendo::cli

// The JSON API (DESIGN.md "The web workspace"): the same documents as the command line's
// --format json for the same database and date, and the writes of the milestone form and the
// import page for scripts. Every answer comes from the operations; nothing here decides a rule.
#include <fmt/format.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "domain/command_line.h"
#include "domain/edit.h"
#include "domain/text.h"
#include "io/json_export.h"
#include "operations/accounts.h"
#include "operations/edits.h"
#include "operations/forecast.h"
#include "operations/contractor_preview.h"
#include "operations/import.h"
#include "operations/project_writes.h"
#include "operations/projects.h"
#include "operations/queries.h"
#include "report/views.h"
#include "web/api_parts.h"
#include "web/heavy_work.h"
#include "web/routes.h"

namespace tiendo::web {

Handler api_route(
    Workspace& workspace,
    std::function<void(const httplib::Request&, httplib::Response&, const Caller&)> handler) {
  return guarded_api([&workspace, handler = std::move(handler)](const httplib::Request& request,
                                                                httplib::Response& response) {
    auto caller = authenticate(workspace, request);
    if (!caller) {
      send_error(response, 401, "not authenticated: log in, or send Authorization: Bearer TOKEN");
      return;
    }
    if (caller->by_session && request.method != "GET" && request.method != "HEAD") {
      std::string given = request.get_header_value("X-CSRF-Token");
      if (!operations::csrf_token_matches(caller->session_id, given)) {
        send_error(response, 403, "missing or wrong X-CSRF-Token for this session");
        return;
      }
    }
    try {
      handler(request, response, *caller);
    } catch (const Busy& busy) {
      send_busy(response, busy);
    }
  });
}


// The milestone as `milestone list --format json` gives it, with its version.
nlohmann::json milestone_answer(const Portfolio& portfolio, const Milestone& milestone,
                                const std::map<std::string, store::ChangeRecord>& changes) {
  nlohmann::json json = io::milestone_json(portfolio, milestone);
  auto found = changes.find(milestone.key);
  json["version"] = found == changes.end() ? 0 : found->second.id;
  return json;
}

std::optional<std::int64_t> if_match(const httplib::Request& request) {
  if (!request.has_header("If-Match"))
    return std::nullopt;
  std::string text = request.get_header_value("If-Match");
  if (text.starts_with("W/"))
    text.erase(0, 2);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"')
    text = text.substr(1, text.size() - 2);
  auto version = parse_count(text, CountRange{0, std::numeric_limits<std::int64_t>::max()});
  if (!version)
    throw InvalidInput(
        fmt::format("If-Match: '{}': not a version (a whole number)", shown_safely(text)));
  return static_cast<std::int64_t>(*version);
}

// The fields a PATCH may change, as the milestones CSV names them; any other is refused, so a
// misspelt field is never silently ignored.
const std::vector<std::string_view>& milestone_fields() {
  static const std::vector<std::string_view> names = {
      "name", "duration_days", "planned", "actual_start", "actual", "forecast", "reason", "source"};
  return names;
}

Fields milestone_patch(const std::string& body, std::string& reason) {
  if (body.empty())
    throw InvalidInput("body: '': a JSON object of milestone fields is needed");
  if (!is_valid_utf8(body))
    throw InvalidInput(fmt::format("body: '{}': not valid UTF-8", shown_safely(body)));
  if (nests_deeper_than(body, 8))
    throw InvalidInput("body: '...': nested too deeply (a JSON object of milestone fields)");
  nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.is_object())
    throw InvalidInput(fmt::format("body: '{}': not a JSON object", shown_safely(body)));
  Fields fields;
  std::vector<std::string> problems;
  for (const auto& [name, value] : json.items()) {
    bool known = std::find(milestone_fields().begin(), milestone_fields().end(), name) !=
                 milestone_fields().end();
    if (!known) {
      problems.push_back(
          fmt::format("{}: '{}': unknown field (name, duration_days, planned, "
                      "actual_start, actual, forecast, reason, source)",
                      shown_safely(name), shown_value(value)));
      continue;
    }
    std::string text;
    if (value.is_null())
      text = "";
    else if (value.is_string())
      text = value.get<std::string>();
    else if (name == "duration_days" && value.is_number_integer())
      text = std::to_string(value.get<std::int64_t>());
    else {
      problems.push_back(
          fmt::format("{}: '{}': {} (text, or null to clear)", name, shown_value(value),
                      name == "duration_days" ? "not a whole number of days" : "not text"));
      continue;
    }
    if (name == "reason")
      reason = text;
    fields.push_back(Field{name, std::move(text)});
  }
  if (!problems.empty())
    throw InvalidInput(problems);
  if (fields.empty())
    throw InvalidInput("body: '{}': give at least one field to change");
  return fields;
}

namespace {

// An uploaded file's name as the import's messages show it: its last part, in plain characters,
// so a name like "../../etc/passwd" can neither choose where it is written nor forge a message.
std::string upload_name(const std::string& given, std::size_t index) {
  std::string base = given.substr(
      given.find_last_of("/\\") == std::string::npos ? 0 : given.find_last_of("/\\") + 1);
  std::string clean;
  for (char c : base)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')
      clean += c;
  while (!clean.empty() && clean.front() == '.')
    clean.erase(0, 1);
  if (clean.empty() || clean.size() > 100)
    clean = fmt::format("upload-{}.csv", index + 1);
  return clean;
}

// A private folder for one import's uploads, removed when the import is done.
class UploadFolder {
 public:
  UploadFolder() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "tiendo-upload-XXXXXX").string();
    if (!mkdtemp(pattern.data()))
      throw Error("cannot make a folder for the upload");
    m_path = pattern;
  }
  ~UploadFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  UploadFolder(const UploadFolder&) = delete;
  UploadFolder& operator=(const UploadFolder&) = delete;

  // Writes a file under a name not used before in this folder (a second "projects.csv" becomes
  // "2-projects.csv"); returns its path.
  std::string add(const std::string& name, const std::string& content) {
    std::string unique = name;
    for (int n = 2; std::filesystem::exists(m_path / unique); ++n)
      unique = fmt::format("{}-{}", n, name);
    auto path = m_path / unique;
    std::ofstream out(path, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out)
      throw Error("cannot write the upload");
    return path.string();
  }
  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

// The problems of an import with the private folder left out of them: they name the files as
// uploaded. Each message keeps its id, so that a page still words it in the reader's language.
InvalidInput named_as_uploaded(const InvalidInput& error, const UploadFolder& folder) {
  std::string folder_prefix = folder.path().string() + "/";
  auto strip = [&](std::string& text) {
    for (auto at = text.find(folder_prefix); at != std::string::npos;
         at = text.find(folder_prefix))
      text.erase(at, folder_prefix.size());
  };
  std::vector<Message> problems;
  for (auto problem : error.messages()) {
    strip(problem.id);
    strip(problem.command_line_id);
    for (auto& value : problem.values)
      strip(value);
    problems.push_back(std::move(problem));
  }
  return InvalidInput(problems);
}

nlohmann::json summary_json(const store::WriteSummary& summary) {
  return {{"projects_added", summary.projects_added},
          {"projects_changed", summary.projects_changed},
          {"milestones_added", summary.milestones_added},
          {"milestones_changed", summary.milestones_changed},
          {"dependencies_added", summary.dependencies_added},
          {"dependencies_changed", summary.dependencies_changed},
          {"dependencies_removed", summary.dependencies_removed},
          {"change_log_rows", summary.change_log_rows}};
}

// Whether an uploaded file is a contractor's schedule: by its name, .xer or .xml.
bool is_schedule_upload(const std::string& name) {
  std::string lower(name.substr(name.size() < 4 ? 0 : name.size() - 4));
  for (auto& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == ".xer" || lower == ".xml";
}

// POST /api/v1/import of a contractor's schedule: what `tiendo import FILE.xer` asks beside the
// file comes as query parameters (province, technology, capacity_mw, code, cod: the activity ID).
void send_schedule_import(Workspace& workspace, const httplib::Request& request,
                          httplib::Response& response, const Caller& caller,
                          const UploadedFile& file, bool dry_run) {
  operations::ContractorImportOptions options;
  options.province = parameter_or(request, "province", "");
  options.technology = parameter_or(request, "technology", "");
  options.capacity_mw = parameter_or(request, "capacity_mw", "");
  options.code = parameter_or(request, "code", "");
  options.cod_activity = parameter_or(request, "cod", "");
  auto outcome = run_schedule_import(workspace, caller, file, options, dry_run,
                                     Date::today_in_vietnam());
  send_json(response, 200,
            {{"dry_run", dry_run},
             {"summary", summary_json(outcome.result.summary)},
             {"projects", outcome.result.projects},
             {"notes", outcome.result.notes}});
}

}  // namespace

// How deeply a JSON text nests arrays and objects, counted outside strings, without parsing it:
// a parser (and any walk over what it built) recurses once per level, so a body of a hundred
// thousand "[" would exhaust the stack. A milestone's fields nest one level.
bool nests_deeper_than(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '[' || c == '{') {
      if (++depth > limit)
        return true;
    } else if (c == ']' || c == '}')
      --depth;
  }
  return false;
}

// A refused value as a message shows it: its type and, for a scalar, its text, cut short; never
// a walk over a structure that a client chose.
std::string shown_value(const nlohmann::json& value) {
  if (value.is_array())
    return "[...]";
  if (value.is_object())
    return "{...}";
  return shown_safely(value.dump(), 60);
}

void run_import(Workspace& workspace, const Caller& caller, const std::vector<UploadedFile>& files,
                bool dry_run, Date as_of, store::WriteSummary& summary) {
  if (files.empty())
    throw InvalidInput("files: '': no file was uploaded");
  UploadFolder folder;
  std::vector<std::string> paths;
  for (std::size_t i = 0; i < files.size(); ++i)
    paths.push_back(folder.add(upload_name(files[i].name, i), files[i].content));
  store::ChangeContext context{caller.account.name, "", ""};
  auto import = [&] {
    return workspace.with_database([&](store::Database& database) {
      return operations::import_files(database, context, operations::ImportFormat::TiendoCsv, paths,
                                      dry_run, as_of, &caller.account);
    });
  };
  try {
    // A dry run writes nothing and can be asked for again and again: it is heavy work, bounded
    // per user. An import itself is a write, which waits for the others.
    auto result = dry_run ? workspace.heavy_work().run(caller.account.name, import) : import();
    summary = result.summary;
  } catch (const InvalidInput& error) {
    throw named_as_uploaded(error, folder);
  }
}

operations::ContractorPreview run_schedule_import(Workspace& workspace, const Caller& caller,
                                                  const UploadedFile& file,
                                                  const operations::ContractorImportOptions& options,
                                                  bool dry_run, Date as_of) {
  UploadFolder folder;
  std::string name = upload_name(file.name, 0);
  std::string path = folder.add(name, file.content);
  // Sources, the change log and messages name the file as uploaded, not the folder it is kept in
  // meanwhile.
  operations::ContractorImportOptions named = options;
  named.file_name = name;
  store::ChangeContext context{caller.account.name, "", name};
  try {
    if (dry_run)
      // A preview writes nothing and can be asked for again and again: heavy work, bounded per
      // user, trying the import on the writers' connection only.
      return workspace.heavy_work().run(caller.account.name, [&] {
        return workspace.with_database([&](store::Database& database) {
          return operations::preview_contractor_schedule(database, context, path, named, as_of,
                                                         &caller.account);
        });
      });
    operations::ContractorPreview done;
    done.schedule.file = name;
    done.result = workspace.with_database([&](store::Database& database) {
      return operations::import_contractor_schedule(database, context, path, named, false, as_of,
                                                    &caller.account);
    });
    return done;
  } catch (const InvalidInput& error) {
    throw named_as_uploaded(error, folder);
  }
}

void register_api(Router& server, Workspace& workspace) {
  register_link_api(server, workspace);
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("ok\n", "text/plain; charset=utf-8");
  });

  server.Get("/api/v1/session",
             api_route(workspace, [](const httplib::Request&, httplib::Response& response,
                                     const Caller& caller) {
               send_json(response, 200,
                         {{"user", caller.account.name},
                          {"role", role_key(caller.account.role)},
                          {"provinces", caller.account.provinces},
                          {"csrf_token", caller.by_session ? nlohmann::json(caller.csrf_token)
                                                           : nlohmann::json(nullptr)}});
             }));

  server.Get(
      "/api/v1/pipeline",
      api_route(workspace, [&workspace](const httplib::Request& request,
                                        httplib::Response& response, const Caller&) {
        operations::PipelineRequest asked;
        asked.option_prefix = "";
        asked.by = parameter_or(request, "by", "stage");
        asked.province = parameter_or(request, "province", "");
        asked.technology = parameter_or(request, "technology", "");
        asked.stage = parameter_or(request, "stage", "");
        asked.cod_basis = parameter_or(request, "cod_basis", "forecast");
        asked.legacy_provinces = flag_parameter(request, "legacy_provinces");
        auto query = operations::parse_pipeline_request(asked);
        Date as_of = as_of_parameter(request);
        auto snapshot = workspace.snapshot();
        std::string key =
            fmt::format("pipeline|{}|{}|{}|{}|{}|{}|{}", asked.by, asked.province, asked.technology,
                        asked.stage, asked.cod_basis, asked.legacy_provinces, as_of.iso_day());
        auto answer = snapshot->answer(key, [&] {
          auto schedule = snapshot->schedule(as_of);
          auto result = snapshot->pipeline(*schedule, query);
          return report::json_text(report::pipeline_json(result, query.group_by, as_of)) + "\n";
        });
        send_json_text(response, 200, *answer);
      }));

  server.Get(
      "/api/v1/alerts",
      api_route(workspace, [&workspace](const httplib::Request& request,
                                        httplib::Response& response, const Caller&) {
        operations::AlertsQuery query;
        auto severity = parameter_or(request, "min_severity", "info");
        query.minimum = operations::minimum_severity(severity);
        auto legacy = flag_parameter(request, "legacy_provinces");
        auto province = parameter_or(request, "province", "");
        auto technology = parameter_or(request, "technology", "");
        if (!province.empty())
          query.province = ProvinceFilter::parse(province, ProvinceRegistry::builtin(), legacy);
        if (!technology.empty())
          query.technology = TechnologyFilter::parse(technology);
        Date as_of = as_of_parameter(request);
        auto snapshot = workspace.snapshot();
        std::string key = fmt::format("alerts|{}|{}|{}|{}|{}", severity, province, technology,
                                      legacy, as_of.iso_day());
        auto answer = snapshot->answer(key, [&] {
          if (as_of.days() == snapshot->scheduled().schedule.as_of.days()) {
            // At the snapshot's own date, from its alerts and their rows kept (brought up to
            // date after edits): the answer is the rows of the alerts asked for, put together.
            auto alerts = snapshot->alerts();
            auto rows = snapshot->alert_rows();
            std::vector<std::string_view> chosen;
            for (std::size_t i = 0; i < alerts->size(); ++i)
              if (operations::alert_matches(snapshot->portfolio(), (*alerts)[i], query))
                chosen.push_back(rows->row(i));
            // The newline added in place: the text is tens of megabytes at national scale.
            auto text = report::alerts_json_text(as_of, chosen);
            text += '\n';
            return text;
          }
          auto schedule = snapshot->schedule(as_of);
          auto alerts = operations::alerts_of(snapshot->scheduled(), *schedule,
                                              snapshot->alert_settings(), query);
          return report::json_text(report::alerts_json(snapshot->portfolio(), *schedule, alerts)) +
                 "\n";
        });
        send_json_text(response, 200, *answer);
      }));

  server.Get("/api/v1/schedule",
             api_route(workspace, [&workspace](const httplib::Request& request,
                                               httplib::Response& response, const Caller&) {
               Date as_of = as_of_parameter(request);
               auto snapshot = workspace.snapshot();
               std::optional<std::int32_t> only;
               if (auto code = parameter_or(request, "project", ""); !code.empty()) {
                 only = snapshot->portfolio().find_project(code);
                 if (!only)
                   throw NotFound(fmt::format("project '{}' not found", shown_safely(code)));
               }
               std::string key = fmt::format("schedule|{}|{}", only ? *only : -1, as_of.iso_day());
               auto answer = snapshot->answer(key, [&] {
                 auto schedule = snapshot->schedule(as_of);
                 std::ostringstream out;
                 report::write_schedule_json(out, snapshot->portfolio(), *schedule, only, nullptr);
                 return std::move(out).str();
               });
               send_json_text(response, 200, *answer);
             }));

  // The probabilistic COD, as `forecast --format json` gives it. Draws are bounded lower than on
  // the command line (operations::web_forecast_draws_limit): one request must not hold the
  // server's cores for minutes. An answer is kept with the snapshot, like the others; one with
  // other parameters than the defaults is heavy work (web/heavy_work.h), as a client choosing a
  // new seed each time would otherwise keep every core busy.
  server.Get(
      "/api/v1/forecast",
      api_route(workspace, [&workspace](const httplib::Request& request,
                                        httplib::Response& response, const Caller& caller) {
        operations::ForecastRequest asked;
        asked.option_prefix = "";
        asked.draws = static_cast<std::int32_t>(
            count_parameter(request, "draws", 1000, 1, operations::web_forecast_draws_limit));
        asked.seed = static_cast<std::uint64_t>(
            count_parameter(request, "seed", 1, 0, 1'000'000'000'000'000'000));
        asked.target = parameter_or(request, "target", "");
        asked.by = parameter_or(request, "by", "");
        asked.project = parameter_or(request, "project", "");
        asked.legacy_provinces = flag_parameter(request, "legacy_provinces");
        Date as_of = as_of_parameter(request);
        auto snapshot = workspace.snapshot();
        auto query = operations::forecast_query(snapshot->portfolio(), asked);
        std::string key = fmt::format("forecast|{}|{}|{}|{}|{}|{}|{}", asked.draws, asked.seed,
                                      query.target ? query.target->iso_day() : "", asked.by,
                                      query.explain_project.value_or(-1), asked.legacy_provinces,
                                      as_of.iso_day());
        auto make = [&] {
          auto result = operations::forecast_on(snapshot->portfolio(),
                                                *snapshot->scheduled().network, as_of, query);
          return report::json_text(report::forecast_json(snapshot->portfolio(), query, result)) +
                 "\n";
        };
        // The default forecast is made once per portfolio for everyone who asks.
        bool defaults = asked.draws == 1000 && asked.seed == 1 && asked.target.empty() &&
                        asked.by.empty() && asked.project.empty() && !asked.legacy_provinces &&
                        as_of == Date::today_in_vietnam();
        HeavyAnswer answer;
        if (defaults) {
          answer.text = snapshot->kept_answer(key);
          answer.from_cache = answer.text != nullptr;
          if (!answer.text)
            answer.text = snapshot->answer(key, make);
        } else {
          answer = heavy_answer(workspace.heavy_work(), *snapshot, caller.account.name, key, make);
        }
        mark_cache(response, answer.from_cache);
        send_json_text(response, 200, *answer.text);
      }));

  server.Get("/api/v1/impact",
             api_route(workspace, [&workspace](const httplib::Request& request,
                                               httplib::Response& response, const Caller&) {
               auto reference = parameter_or(request, "ref", "");
               if (reference.empty())
                 throw InvalidInput("ref: '': give a milestone as CODE:key");
               auto slip = count_parameter(request, "slip", -1, 1, 36'500);
               if (slip < 0)
                 throw InvalidInput("slip: '': give the days of delay (1 to 36,500)");
               Date as_of = as_of_parameter(request);
               auto snapshot = workspace.snapshot();
               auto schedule = snapshot->schedule(as_of);
               auto impact = operations::impact_of(snapshot->scheduled(), *schedule, reference,
                                                   static_cast<std::int32_t>(slip));
               send_json(response, 200,
                         report::impact_json(snapshot->portfolio(), impact, as_of, reference,
                                             static_cast<std::int32_t>(slip)));
             }));

  server.Get(
      "/api/v1/projects",
      api_route(workspace, [&workspace](const httplib::Request& request,
                                        httplib::Response& response, const Caller&) {
        operations::ProjectsQuery query;
        auto legacy = flag_parameter(request, "legacy_provinces");
        if (auto province = parameter_or(request, "province", ""); !province.empty())
          query.province = ProvinceFilter::parse(province, ProvinceRegistry::builtin(), legacy);
        if (auto technology = parameter_or(request, "technology", ""); !technology.empty())
          query.technology = TechnologyFilter::parse(technology);
        query.stage = parameter_or(request, "stage", "");
        query.text = parameter_or(request, "q", "");
        query.limit = static_cast<std::size_t>(count_parameter(request, "limit", 50, 1, 1000));
        query.offset =
            static_cast<std::size_t>(count_parameter(request, "offset", 0, 0, 100'000'000));
        Date as_of = as_of_parameter(request);
        auto snapshot = workspace.snapshot();
        auto page = operations::find_projects(snapshot->portfolio(), snapshot->project_index(),
                                              as_of, query);
        nlohmann::json projects = nlohmann::json::array();
        for (const auto& row : page.rows) {
          auto json = io::project_json(
              snapshot->portfolio().projects[static_cast<std::size_t>(row.project)]);
          json["recorded_stage"] = json["stage"];
          json["stage"] = row.stage;
          projects.push_back(std::move(json));
        }
        send_json(response, 200, {{"total", page.total}, {"projects", projects}});
      }));

  server.Get(
      R"(/api/v1/projects/([^/]+))",
      api_route(workspace, [&workspace](const httplib::Request& request,
                                        httplib::Response& response, const Caller&) {
        std::string code = request.matches[1].str();
        Date as_of = as_of_parameter(request);
        auto snapshot = workspace.snapshot();
        const Portfolio& portfolio = snapshot->portfolio();
        auto index = portfolio.find_project(code);
        if (!index)
          throw NotFound(fmt::format("project '{}' not found", shown_safely(code)));
        auto changes = workspace.with_reading([&](store::Database& database) {
          return operations::milestone_changes(database, code);
        });
        nlohmann::json json =
            io::project_json(portfolio.projects[static_cast<std::size_t>(*index)]);
        json["version"] = workspace.with_reading(
            [&](store::Database& database) { return operations::project_version(database, code); });
        json["recorded_stage"] = json["stage"];
        json["stage"] =
            operations::project_stage(portfolio, snapshot->project_index(), *index, as_of);
        json["milestones"] = nlohmann::json::array();
        for (auto m :
             snapshot->project_index().milestones_by_project()[static_cast<std::size_t>(*index)])
          json["milestones"].push_back(milestone_answer(
              portfolio, portfolio.milestones[static_cast<std::size_t>(m)], changes));
        json["dependencies"] = dependencies_answer(workspace, portfolio, *index);
        send_json(response, 200, json);
      }));

  server.Patch(
      R"(/api/v1/milestones/([^/]+))",
      api_route(workspace, [&workspace](const httplib::Request& request,
                                        httplib::Response& response, const Caller& caller) {
        std::string reference = request.matches[1].str();
        if (auto problem = text_problem(reference); !problem.empty())
          throw InvalidInput(fmt::format("milestone: '{}': {}", shown_safely(reference), problem));
        if (reference.find(':') == std::string::npos)
          throw NotFound(
              fmt::format("milestone '{}' not found (write CODE:key)", shown_safely(reference)));
        std::string reason;
        Fields fields = milestone_patch(request.body, reason);
        operations::Guard guard{&caller.account, if_match(request)};
        store::ChangeContext context{caller.account.name, reason, ""};
        // The answer is made while the batch still holds the edited portfolio, so that this
        // request does not keep it from the next batch (see Workspace::edit_milestone).
        nlohmann::json answer;
        workspace.edit_milestone(
            operations::MilestoneEdit{context, reference, fields, guard},
            [&](const Snapshot& snapshot, const Workspace::MilestoneChanges& changes) {
              const auto& portfolio = snapshot.portfolio();
              auto index = portfolio.find_milestone(split_reference(reference).first,
                                                    split_reference(reference).second);
              if (!index)
                throw NotFound(fmt::format("milestone '{}' not found", shown_safely(reference)));
              answer = milestone_answer(
                  portfolio, portfolio.milestones[static_cast<std::size_t>(*index)], changes);
            });
        send_json(response, 200, answer);
      }));

  server.Post(
      "/api/v1/import",
      api_route(workspace, [&workspace](const httplib::Request& request,
                                        httplib::Response& response, const Caller& caller) {
        auto dry = parameter_or(request, "dry_run", "0");
        if (dry != "0" && dry != "1")
          throw InvalidInput(fmt::format("dry_run: '{}': write 0 or 1", shown_safely(dry)));
        std::vector<UploadedFile> files;
        // A workbook is known by its name (.xlsx) or its content type, and read as one.
        constexpr std::string_view workbook_type =
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        if (request.is_multipart_form_data()) {
          for (const auto& [field, file] : request.files) {
            std::string name = file.filename.empty() ? field : file.filename;
            if (file.content_type.starts_with(workbook_type) && !name.ends_with(".xlsx"))
              name += ".xlsx";
            files.push_back(UploadedFile{name, file.content});
          }
        } else {
          bool workbook = request.get_header_value("Content-Type").starts_with(workbook_type);
          files.push_back(UploadedFile{workbook ? "upload.xlsx" : "upload.csv", request.body});
        }
        if (files.size() == 1 && is_schedule_upload(files.front().name)) {
          send_schedule_import(workspace, request, response, caller, files.front(), dry == "1");
          return;
        }
        store::WriteSummary summary;
        run_import(workspace, caller, files, dry == "1", Date::today_in_vietnam(), summary);
        send_json(response, 200, {{"dry_run", dry == "1"}, {"summary", summary_json(summary)}});
      }));
  register_admin_api(server, workspace);
}

}  // namespace tiendo::web

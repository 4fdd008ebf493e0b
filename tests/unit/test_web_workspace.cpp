// The web workspace's readers and heavy work (issue 28, items 3 and 9): a reader takes the
// portfolio as last committed without waiting for the main connection, even when another process
// committed while it was held; heavy work runs once per user and on a bounded number of slots.
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <random>
#include <set>
#include <thread>

#include "domain/error.h"
#include "operations/accounts.h"
#include "operations/edits.h"
#include "operations/queries.h"
#include "operations/undo.h"
#include "random_portfolio.h"
#include "web/heavy_work.h"
#include "web/workspace.h"

using namespace tiendo;

namespace {

struct Folder {
  Folder() {
    auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    path = std::filesystem::temp_directory_path() /
           ("tiendo-web-workspace-" + std::to_string(::getpid()) + "-" + std::to_string(stamp));
    std::filesystem::create_directories(path);
  }
  ~Folder() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  std::filesystem::path path;
};

const store::ChangeContext staff{"ann", "", ""};

Fields wind_farm(const std::string& code) {
  return {{"code", code},
          {"name", "Điện gió " + code},
          {"technology", "wind_onshore"},
          {"province", "Trà Vinh"},
          {"capacity_mw", "48"}};
}

}  // namespace

TEST_CASE(
    "web workspace: readers never wait for the main connection, nor see less than committed") {
  Folder folder;
  std::string path = (folder.path / "web.db").string();
  auto other = store::Database::open(path, store::OpenMode::CreateOrMigrate);
  operations::edit_project(other, staff, operations::EditKind::Add, wind_farm("W-1"));
  web::Workspace workspace(path);
  CHECK(workspace.snapshot()->portfolio().projects.size() == 1);

  // While a request holds the main connection (as a write being prepared does), a reader answers
  // from the current portfolio, and a write another process commits meanwhile is seen at once.
  std::promise<void> release;
  auto released = release.get_future().share();
  std::promise<void> holding;
  auto holder = std::async(std::launch::async, [&] {
    workspace.with_database([&](store::Database&) {
      holding.set_value();
      released.wait();
    });
  });
  holding.get_future().wait();
  auto reader = std::async(std::launch::async, [&] { return workspace.snapshot(); });
  REQUIRE(reader.wait_for(std::chrono::seconds(60)) == std::future_status::ready);
  CHECK(reader.get()->portfolio().projects.size() == 1);
  auto kept = workspace.with_reading(
      [](store::Database& database) { return database.load().projects.size(); });
  CHECK(kept == 1);

  operations::edit_project(other, staff, operations::EditKind::Add, wind_farm("W-2"));
  auto after = std::async(std::launch::async, [&] { return workspace.snapshot(); });
  REQUIRE(after.wait_for(std::chrono::seconds(60)) == std::future_status::ready);
  CHECK(after.get()->portfolio().projects.size() == 2);
  release.set_value();
  holder.get();

  // Once the main connection is free, the portfolio is the current one again, still with both.
  CHECK(workspace.snapshot()->portfolio().projects.size() == 2);
  operations::edit_project(other, staff, operations::EditKind::Add, wind_farm("W-3"));
  CHECK(workspace.snapshot()->portfolio().projects.size() == 3);
}

TEST_CASE("web workspace: an answer is kept with its snapshot, and a write makes a new one") {
  Folder folder;
  std::string path = (folder.path / "web.db").string();
  auto other = store::Database::open(path, store::OpenMode::CreateOrMigrate);
  operations::edit_project(other, staff, operations::EditKind::Add, wind_farm("W-1"));
  web::Workspace workspace(path);
  web::HeavyWork heavy(1);
  int made = 0;
  auto make = [&] { return std::to_string(++made); };
  auto first = web::heavy_answer(heavy, *workspace.snapshot(), "ann", "key", make);
  auto second = web::heavy_answer(heavy, *workspace.snapshot(), "bob", "key", make);
  CHECK(!first.from_cache);
  CHECK(second.from_cache);
  CHECK(*second.text == "1");
  // A kept answer costs no slot: it is served while the pool is full.
  auto permit = heavy.begin("carol");
  CHECK(web::heavy_answer(heavy, *workspace.snapshot(), "dan", "key", make).from_cache);
  CHECK_THROWS_AS(web::heavy_answer(heavy, *workspace.snapshot(), "dan", "other", make), web::Busy);
  operations::edit_project(other, staff, operations::EditKind::Add, wind_farm("W-2"));
  CHECK(workspace.snapshot()->kept_answer("key") == nullptr);
}

TEST_CASE("heavy work: once per user at a time, and no more at once than its slots") {
  web::HeavyWork heavy(2);
  CHECK(heavy.slots() == 2);
  std::optional<web::HeavyWork::Permit> ann(heavy.begin("ann"));
  try {
    heavy.begin("ann");
    FAIL("a second heavy work of the same user was allowed");
  } catch (const web::Busy& busy) {
    CHECK(busy.own_work());
    CHECK(busy.retry_after() >= 1);
  }
  auto bob = heavy.begin("bob");
  try {
    heavy.begin("carol");
    FAIL("heavy work past the slots was allowed");
  } catch (const web::Busy& busy) {
    CHECK(!busy.own_work());
    CHECK(busy.retry_after() >= 1);
    CHECK(busy.retry_after() <= 120);
  }
  // A slot given back is free for anyone, the same user included.
  ann.reset();
  CHECK_NOTHROW(heavy.begin("carol"));
  CHECK_NOTHROW(heavy.begin("ann"));
  CHECK(web::HeavyWork().slots() >= 1);
  // Work run under a slot gives it back even when it throws.
  CHECK_THROWS_AS(heavy.run("dan", []() -> int { throw InvalidInput("x: 'y': no"); }),
                  InvalidInput);
  CHECK(heavy.run("dan", [] { return 7; }) == 7);
}

TEST_CASE("web workspace: a login does not make the portfolio be read again") {
  // A login's session written through a connection of its own moved the database's stamp as
  // another writer's would: the next reader and the next edit read the whole portfolio again (a
  // second at national scale; issue 30's PATCH p95). It goes through the main connection now.
  Folder folder;
  std::string path = (folder.path / "web.db").string();
  {
    auto other = store::Database::open(path, store::OpenMode::CreateOrMigrate);
    operations::edit_project(other, staff, operations::EditKind::Add, wind_farm("W-1"));
    operations::add_account(other, store::ChangeContext{"root.admin", "", ""},
                            operations::NewAccount{"ann", "viewer", {}, "a long enough password"});
  }
  web::Workspace workspace(path);
  auto before = workspace.snapshot();
  workspace.with_accounts(
      [](store::Database& database) { operations::start_session(database, "ann"); });
  CHECK(workspace.snapshot() == before);

  // While a write holds the main connection, the login goes through the accounts connection
  // rather than wait, and the portfolio is read again then: never staler than committed.
  std::promise<void> release;
  auto released = release.get_future().share();
  std::promise<void> holding;
  auto holder = std::async(std::launch::async, [&] {
    workspace.with_database([&](store::Database&) {
      holding.set_value();
      released.wait();
    });
  });
  holding.get_future().wait();
  workspace.with_accounts(
      [](store::Database& database) { operations::start_session(database, "ann"); });
  release.set_value();
  holder.get();
  CHECK(workspace.snapshot()->portfolio().projects.size() == 1);
}

namespace {

// The same alert, as the dashboard shows it.
bool same_alert(const analysis::Alert& a, const analysis::Alert& b) {
  return a.project == b.project && a.milestone == b.milestone && a.kind == b.kind &&
         a.days == b.days && a.severity == b.severity && a.reason == b.reason;
}

}  // namespace

TEST_CASE(
    "web workspace: the dashboard's alert counts and first alerts after edits equal a full "
    "computation's, in every scope") {
  Folder folder;
  std::string path = (folder.path / "web.db").string();
  {
    auto database = store::Database::open(path, store::OpenMode::CreateOrMigrate);
    auto generated = testing::generated_portfolio(80, 11);
    database.modify(staff, [&](Portfolio& portfolio) { portfolio = generated; });
  }
  web::Workspace workspace(path);
  std::set<std::string> provinces;
  for (const auto& project : workspace.snapshot()->portfolio().projects)
    provinces.insert(project.province);
  REQUIRE(provinces.size() >= 3);
  // Every province, one alone, two together, and one no project lies in.
  std::vector<std::set<std::string>> scopes{{}, {*provinces.begin()}, {*provinces.rbegin()}};
  scopes.push_back({*provinces.begin(), *std::next(provinces.begin())});
  scopes.push_back({"Không có tỉnh này"});
  auto in = [](const std::set<std::string>& scope) {
    return [&scope](std::string_view province) {
      return scope.empty() || scope.count(std::string(province)) > 0;
    };
  };
  std::mt19937_64 random(29);
  auto pick = [&](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
  };
  workspace.snapshot()->alert_digest(in(scopes[0]), 10);
  std::size_t compared = 0, critical_seen = 0;
  for (int edit = 0; edit < 40; ++edit) {
    auto before = workspace.snapshot();
    const auto& portfolio = before->portfolio();
    if (edit % 9 == 4) {
      // A project moved to another province: its alerts are counted under the new one.
      const auto& project = portfolio.projects[pick(portfolio.projects.size())];
      auto province = std::next(provinces.begin(), static_cast<long>(pick(provinces.size())));
      workspace.set_project(staff, {{"code", project.code}, {"province", *province}}, nullptr,
                            std::nullopt);
    } else {
      // A milestone not done yet moved, later or earlier.
      std::int32_t milestone = 0;
      do {
        milestone = static_cast<std::int32_t>(pick(portfolio.milestones.size()));
      } while (portfolio.milestones[static_cast<std::size_t>(milestone)].actual);
      Date date = Date::from_days(before->scheduled().schedule.as_of.days() - 200 +
                                  static_cast<std::int32_t>(pick(900)));
      operations::MilestoneEdit change{
          staff, portfolio.reference(milestone), {{"forecast", date.iso_day()}}, {}};
      try {
        workspace.edit_milestone(change);
      } catch (const InvalidInput&) {
        continue;  // A forecast the milestone's own dates do not allow: nothing written.
      }
    }
    auto current = workspace.snapshot();
    REQUIRE(current != before);
    auto full = operations::alerts_of(current->scheduled(), current->scheduled().schedule,
                                      current->alert_settings(), operations::AlertsQuery{});
    for (const auto& scope : scopes) {
      std::size_t critical = 0;
      std::vector<analysis::Alert> top;
      for (const auto& alert : full) {
        if (!in(scope)(current->portfolio()
                           .projects[static_cast<std::size_t>(alert.project)]
                           .province))
          continue;
        critical += alert.severity == analysis::Severity::Critical;
        if (top.size() < 10)
          top.push_back(alert);
      }
      auto digest = current->alert_digest(in(scope), 10);
      CHECK(digest.critical == critical);
      REQUIRE(digest.top.size() == top.size());
      for (std::size_t i = 0; i < top.size(); ++i)
        CHECK(same_alert(digest.top[i], top[i]));
      critical_seen += critical;
      ++compared;
    }
    // Now and then someone opens the alerts list: the whole list is made, and the next edits
    // carry that one.
    if (edit % 7 == 6)
      current->alerts();
  }
  CHECK(compared >= 150);
  CHECK(critical_seen > 0);
}

TEST_CASE("web workspace: after an edit, an answer kept with a remake is made before it is asked") {
  Folder folder;
  std::string path = (folder.path / "web.db").string();
  {
    auto database = store::Database::open(path, store::OpenMode::CreateOrMigrate);
    auto generated = testing::generated_portfolio(10, 3);
    database.modify(staff, [&](Portfolio& portfolio) { portfolio = generated; });
  }
  web::Workspace workspace(path);
  std::atomic<int> made{0};
  auto first = workspace.snapshot();
  std::size_t open = 0;
  while (first->portfolio().milestones[open].actual)
    ++open;
  // What the answer says depends on the snapshot it is made for: a milestone's forecast.
  auto remake = [&made, open](const web::Snapshot& snapshot) {
    ++made;
    const auto& milestone = snapshot.portfolio().milestones[open];
    return milestone.forecast ? milestone.forecast->iso_day() : std::string("-");
  };
  first->answer("question", [&] { return remake(*first); });
  first->keep_remake("question", remake);
  const std::string reference = first->portfolio().reference(static_cast<std::int32_t>(open));
  auto wait_for_answer = [](const web::Snapshot& snapshot) {
    for (int i = 0; i < 6000; ++i) {
      if (auto kept = snapshot.kept_answer("question"))
        return kept;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return std::shared_ptr<const std::string>{};
  };
  std::string dates[] = {"2031-01-15", "2031-02-15", "2031-03-15"};
  for (const auto& date : dates) {
    workspace.edit_milestone(operations::MilestoneEdit{staff, reference, {{"forecast", date}}, {}});
    auto current = workspace.snapshot();
    // Nobody asked the new snapshot: the answer is there, made for it.
    auto answer = wait_for_answer(*current);
    REQUIRE(answer != nullptr);
    CHECK(*answer == date);
    current->keep_remake("question", remake);  // As a request asking for it keeps it again.
  }
  CHECK(made == 4);
}

TEST_CASE(
    "web workspace: after random writes of every kind, the portfolio, schedule, alerts and "
    "pipeline equal a fresh workspace's on the same file") {
  Folder folder;
  std::string path = (folder.path / "web.db").string();
  {
    auto database = store::Database::open(path, store::OpenMode::CreateOrMigrate);
    auto generated = testing::generated_portfolio(60, 5);
    database.modify(staff, [&](Portfolio& portfolio) { portfolio = generated; });
  }
  auto other = store::Database::open(path, store::OpenMode::CreateOrMigrate);
  web::Workspace workspace(path);
  std::mt19937_64 random(43);
  auto pick = [&](std::size_t n) {
    return static_cast<std::int32_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(random));
  };
  analysis::PipelineQuery by_province;
  by_province.group_by = {analysis::GroupField::Province, analysis::GroupField::Stage};
  analysis::PipelineQuery by_year;
  by_year.group_by = {analysis::GroupField::Technology, analysis::GroupField::CodYear};
  auto everywhere = [](std::string_view) { return true; };
  std::set<std::string> kinds;
  int added = 0;
  for (int step = 0; step < 120; ++step) {
    auto before = workspace.snapshot();
    const Portfolio& portfolio = before->portfolio();
    const Date today = before->scheduled().schedule.as_of;
    auto some_date = [&] { return Date::from_days(today.days() - 300 + pick(1200)).iso_day(); };
    auto any_milestone = [&] { return portfolio.reference(pick(portfolio.milestones.size())); };
    const auto& project =
        portfolio.projects[static_cast<std::size_t>(pick(portfolio.projects.size()))];
    std::string kind;
    try {
      switch (pick(11)) {
        case 0:
        case 1:
          kind = "milestone edit";
          // The plan too: an alert compares it with the latest baseline's.
          workspace.edit_milestone(operations::MilestoneEdit{
              staff,
              any_milestone(),
              {{pick(2) == 0 ? "forecast" : "planned", some_date()}, {"reason", "grid:chờ"}},
              {}});
          break;
        case 2: {
          kind = "milestone added";
          std::string key = "them_" + std::to_string(++added);
          Fields fields{{"planned", some_date()}, {"duration_days", std::to_string(pick(90))}};
          if (pick(2) == 0)
            fields.push_back({"forecast", some_date()});
          if (pick(3) == 0)
            fields.push_back({"reason", "land:chờ giải phóng mặt bằng"});
          workspace.add_milestone(staff, project.code + ":" + key, fields, {});
          break;
        }
        case 3: {
          kind = "link added";
          workspace.add_link(staff, any_milestone(), any_milestone(), "FS",
                             std::to_string(pick(40)), nullptr);
          break;
        }
        case 4: {
          if (portfolio.dependencies.empty())
            continue;
          kind = pick(2) == 0 ? "link removed" : "link changed";
          const auto& link =
              portfolio.dependencies[static_cast<std::size_t>(pick(portfolio.dependencies.size()))];
          if (kind == "link removed")
            workspace.remove_link(staff, portfolio.reference(link.from),
                                  portfolio.reference(link.to), nullptr, std::nullopt);
          else
            workspace.set_link(staff, portfolio.reference(link.from), portfolio.reference(link.to),
                               "SS", std::to_string(pick(30)), nullptr, std::nullopt);
          break;
        }
        case 5:
          kind = "project changed";
          workspace.set_project(staff,
                                {{"code", project.code},
                                 {"capacity_mw", std::to_string(1 + pick(300))},
                                 {"province", pick(2) == 0 ? "Ninh Thuận" : "Hà Nội"}},
                                nullptr, std::nullopt);
          break;
        case 6:
          kind = "status set";
          workspace.set_status(staff, project.code,
                               pick(2) == 0 ? ProjectStatus::Suspended : ProjectStatus::Active,
                               Date::from_days(today.days() - pick(30)), nullptr);
          break;
        case 7:
          kind = "baseline saved";
          workspace.save_baseline(staff, "Mốc " + std::to_string(step));
          break;
        case 8:
          if (pick(3) == 0) {
            // Another process's write: the workspace reads the portfolio again.
            kind = "milestone removed by another process";
            operations::remove_milestone(other, store::ChangeContext{"ann", "other:nhập nhầm", ""},
                                         any_milestone());
          } else {
            kind = "milestone removed";
            workspace.remove_milestone(store::ChangeContext{"ann", "other:nhập nhầm", ""},
                                       any_milestone(), {});
          }
          break;
        case 9:
          if (pick(2) == 0) {
            kind = "milestone edit";
            workspace.edit_milestone(operations::MilestoneEdit{
                staff, any_milestone(), {{"duration_days", std::to_string(pick(200))}}, {}});
          } else if (pick(2) == 0) {
            // Written through the store's full write, as the web writes a project added: the
            // next reader reads the portfolio again.
            kind = "project added with its plan";
            std::string code = "MOI-" + std::to_string(step);
            workspace.with_database([&](store::Database& database) {
              operations::edit_project(database, staff, operations::EditKind::Add,
                                       {{"code", code},
                                        {"name", "Điện mặt trời " + code},
                                        {"technology", "solar_farm"},
                                        {"province", "Ninh Thuận"},
                                        {"capacity_mw", "50"}},
                                       &testing::fixture_templates());
            });
          } else {
            // The last write undone, whatever it was, as the history page undoes it.
            kind = "undo";
            auto last = workspace.with_database(
                [](store::Database& database) { return database.history("", 1); });
            if (last.empty())
              continue;
            workspace.with_database([&](store::Database& database) {
              operations::undo_change(database, store::ChangeContext{"ann", "other:hoàn tác", ""},
                                      last.front().id, operations::UndoScope::Write, today);
            });
          }
          break;
        default:
          kind = "milestone edit";
          workspace.edit_milestone(operations::MilestoneEdit{
              staff, any_milestone(), {{"duration_days", std::to_string(pick(200))}}, {}});
          break;
      }
    } catch (const InvalidInput&) {
      continue;  // A cycle or a date the schedule cannot hold: refused, nothing written.
    } catch (const Conflict&) {
      continue;  // A link that exists already; an undo the history refuses.
    }
    kinds.insert(kind);
    INFO("step " << step << ": " << kind);
    auto current = workspace.snapshot();
    // Read as readers would between writes: the dashboard's digest on some, the whole list on
    // others, so that the next write carries what each left.
    std::vector<analysis::Alert> alerts;
    web::Snapshot::AlertDigest digest;
    const bool whole_list = pick(2) == 0;
    if (whole_list)
      alerts = *current->alerts();
    else
      digest = current->alert_digest(everywhere, 10);
    auto mine_by_province = current->pipeline(current->scheduled().schedule, by_province);
    auto mine_by_year = current->pipeline(current->scheduled().schedule, by_year);

    web::Workspace fresh_workspace(path);
    auto fresh = fresh_workspace.snapshot();
    REQUIRE(current->portfolio().projects == fresh->portfolio().projects);
    REQUIRE(current->portfolio().milestones == fresh->portfolio().milestones);
    REQUIRE(current->portfolio().dependencies == fresh->portfolio().dependencies);
    const auto& mine = current->scheduled().schedule.milestones;
    const auto& theirs = fresh->scheduled().schedule.milestones;
    REQUIRE(mine.size() == theirs.size());
    for (std::size_t m = 0; m < mine.size(); ++m) {
      INFO("milestone " << fresh->portfolio().reference(static_cast<std::int32_t>(m)));
      REQUIRE(mine[m].early_start == theirs[m].early_start);
      REQUIRE(mine[m].early_finish == theirs[m].early_finish);
      REQUIRE(mine[m].late_finish == theirs[m].late_finish);
      REQUIRE(mine[m].total_float == theirs[m].total_float);
      REQUIRE(mine[m].driver_dependency == theirs[m].driver_dependency);
    }
    if (whole_list) {
      REQUIRE(alerts == *fresh->alerts());
      // Their JSON rows too, which a write takes from the previous snapshot's where it can.
      REQUIRE(current->alert_rows()->text == fresh->alert_rows()->text);
    } else {
      auto full = fresh->alert_digest(everywhere, 10);
      REQUIRE(digest.critical == full.critical);
      REQUIRE(digest.top.size() == full.top.size());
      for (std::size_t i = 0; i < full.top.size(); ++i)
        REQUIRE(same_alert(digest.top[i], full.top[i]));
    }
    for (auto [mine_result, query] :
         {std::pair{&mine_by_province, &by_province}, std::pair{&mine_by_year, &by_year}}) {
      auto full = fresh->pipeline(fresh->scheduled().schedule, *query);
      REQUIRE(mine_result->rows.size() == full.rows.size());
      for (std::size_t r = 0; r < full.rows.size(); ++r) {
        REQUIRE(mine_result->rows[r].keys == full.rows[r].keys);
        REQUIRE(mine_result->rows[r].projects == full.rows[r].projects);
        REQUIRE(mine_result->rows[r].mw.watts() == full.rows[r].mw.watts());
      }
      REQUIRE(mine_result->warnings == full.warnings);
    }
  }
  // Every kind of write was made, most of them more than once over the steps.
  CHECK(kinds.size() == 12);
}

TEST_CASE(
    "web workspace: a milestone removed in place with a link into another project makes that "
    "project changed today, as its change-log row says") {
  Folder folder;
  std::string path = (folder.path / "web.db").string();
  {
    auto database = store::Database::open(path, store::OpenMode::CreateOrMigrate);
    const Date as_of = Date::today_in_vietnam();
    for (const char* code : {"A-1", "B-1"}) {
      operations::edit_project(database, staff, operations::EditKind::Add, wind_farm(code));
      operations::edit_milestone(database, staff, operations::EditKind::Add,
                                 std::string(code) + ":cod", {{"planned", "2030-06-30"}}, as_of);
    }
    operations::edit_milestone(database, staff, operations::EditKind::Add, "A-1:line",
                               {{"planned", "2029-06-30"}}, as_of);
    operations::edit_dependency(database, staff, operations::EditKind::Add, "A-1:line", "B-1:cod",
                                std::nullopt, std::nullopt, as_of);
  }
  // Every change a year and more ago: both projects are stale. The log is append-only, so its
  // guard is set aside for the moment of the test's own rewrite, and put back.
  const std::string age = "sqlite3 '" + path +
                          "' \"DROP TRIGGER change_log_no_update; "
                          "UPDATE change_log SET at_utc = '2024-01-01' || substr(at_utc, 11); "
                          "CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log "
                          "BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;\"";
  REQUIRE(std::system(age.c_str()) == 0);
  web::Workspace workspace(path);
  auto stale_projects = [](const std::vector<analysis::Alert>& alerts, const Portfolio& portfolio) {
    std::set<std::string> codes;
    for (const auto& alert : alerts)
      if (alert.kind == analysis::AlertKind::Stale)
        codes.insert(portfolio.projects[static_cast<std::size_t>(alert.project)].code);
    return codes;
  };
  auto before = workspace.snapshot();
  CHECK(stale_projects(*before->alerts(), before->portfolio()) ==
        std::set<std::string>{"A-1", "B-1"});
  // The link goes with the milestone, logged under B-1 (whose dates it bounded): B-1 changed
  // today too, in place as after a reload.
  workspace.remove_milestone(store::ChangeContext{"ann", "other:nhập nhầm", ""}, "A-1:line", {});
  auto after = workspace.snapshot();
  REQUIRE(after != before);
  CHECK(after->portfolio().milestones.size() == 2);
  web::Workspace fresh(path);
  CHECK(stale_projects(*after->alerts(), after->portfolio()).empty());
  CHECK(*after->alerts() == *fresh.snapshot()->alerts());
}

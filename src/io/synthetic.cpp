#include "io/synthetic.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <limits>
#include <map>

#include "domain/progress.h"
#include "domain/province.h"

namespace tiendo::io {
namespace {

// SplitMix64: a small generator whose every output is fixed by its definition. The standard
// distributions are not (their results differ between library versions), so numbers are drawn
// from the raw output here to keep a seed's portfolio the same on every machine.
class Random {
 public:
  explicit Random(std::uint64_t seed) : m_state(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [low, high].
  std::int32_t between(std::int32_t low, std::int32_t high) {
    auto span = static_cast<std::uint64_t>(static_cast<std::int64_t>(high) - low + 1);
    return static_cast<std::int32_t>(low + static_cast<std::int64_t>(next() % span));
  }
  bool chance(int percent) { return between(0, 99) < percent; }

 private:
  std::uint64_t m_state;
};

// The technology mix follows Vietnam's: a great many small units (rooftop solar under 1 MW, small
// hydro under 30 MW) and a few large ones (coal and LNG plants of 600-1,600 MW), so that 20,000
// generated projects hold about 200 GW, between the country's installed capacity (about 80 GW at
// the end of 2023, EVN) and the Power Development Plan 8's 2030-2050 targets (150-570 GW), with
// roughly one grid work for every six plants. The weights are in thousandths of the projects and
// the shares of MW they give are stated, with their sources, in docs/formats.md. Capacities are in
// kilowatts; sizes are drawn towards the small end of each range (the smaller of two draws), as
// real unit sizes are.
struct TechnologyShape {
  Technology technology;
  int weight;
  std::int32_t minimum_kilowatts;
  std::int32_t maximum_kilowatts;
  std::string_view name;
  std::string_view works_name;
  bool splits_into_phases;
};

constexpr std::array<TechnologyShape, 10> technology_shapes = {{
    {Technology::WindOnshore, 22, 20'000, 150'000, "Điện gió", "Móng và lắp dựng tuabin, cụm",
     true},
    {Technology::WindNearshore, 8, 30'000, 250'000, "Điện gió gần bờ",
     "Móng và lắp dựng tuabin, cụm", true},
    {Technology::SolarFarm, 22, 10'000, 200'000, "Điện mặt trời", "Lắp đặt giàn pin, khu", true},
    {Technology::SolarRooftop, 618, 30, 1'000, "Điện mặt trời mái nhà", "Lắp đặt tấm pin, khu",
     false},
    {Technology::HydroSmall, 150, 1'000, 30'000, "Thủy điện nhỏ",
     "Đập và tuyến năng lượng, hạng mục", false},
    {Technology::Hydro, 6, 50'000, 600'000, "Thủy điện", "Đập và nhà máy, hạng mục", false},
    {Technology::Coal, 2, 600'000, 1'320'000, "Nhiệt điện than", "Lò hơi và tuabin, hạng mục",
     true},
    {Technology::Gas, 2, 750'000, 1'600'000, "Nhiệt điện khí LNG", "Xây lắp tổ máy, hạng mục",
     true},
    {Technology::Biomass, 20, 3'000, 40'000, "Điện sinh khối", "Xây lắp nhà máy, hạng mục", false},
    {Technology::Grid, 150, 0, 0, "Đường dây", "Móng cột và kéo dây, khoảng néo", false},
}};

// Delay causes as DESIGN lists them, each with the wording a department's report would use.
// How much longer than the portfolio's usual a step's delay runs, in percent, by technology and
// by step: made up for generated portfolios (not measured anywhere), so that lateness depends on
// what is built and which step it is, and a forecast has something to learn. Offshore wind, coal
// and gas, hydro and grid works run late more than solar; land and grid steps more than others.
std::int32_t delay_percent(Technology technology, std::string_view key) {
  std::int32_t by_technology = 100;
  switch (technology_group(technology)) {
    case TechnologyGroup::Wind:
      by_technology = technology == Technology::WindOffshore ? 170 : 120;
      break;
    case TechnologyGroup::Solar:
      by_technology = 60;
      break;
    case TechnologyGroup::Thermal:
      by_technology = 160;
      break;
    case TechnologyGroup::Hydro:
      by_technology = 140;
      break;
    case TechnologyGroup::None:
      by_technology = technology == Technology::Grid ? 150 : 100;
      break;
  }
  std::int32_t by_step = 100;
  if (key == "site_clearance" || key == "land_allocation")
    by_step = 170;
  else if (key == "grid_connection_agreement" || key == "grid_line_energized")
    by_step = 140;
  else if (key == "ppa_signed" || key == "investment_certificate")
    by_step = 120;
  else if (key == "commissioning" || key == "plan_inclusion")
    by_step = 70;
  return by_technology * by_step / 100;
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 8> delay_causes = {{
    {"site_clearance", "vướng mặt bằng, chưa xong bồi thường"},
    {"weather", "ảnh hưởng mưa bão, lũ lụt"},
    {"supply_chain", "chậm giao thiết bị"},
    {"financing", "nhà đầu tư chưa thu xếp được vốn"},
    {"permitting", "chậm thủ tục cấp phép"},
    {"grid", "chưa có đường dây đấu nối"},
    {"investor", "nhà đầu tư chậm triển khai"},
    {"other", "ảnh hưởng dịch COVID-19"},
}};

struct Link {
  std::string after;
  LinkType type = LinkType::FinishToStart;
  std::int32_t lag = 0;
};

struct Step {
  std::string key;
  std::string name;
  std::int32_t duration = 0;
  std::vector<Link> links;
};

using StepList = std::vector<Step>;

// The template's steps for one technology (its own, else its group's), one per key, with every
// link the template gives that key.
StepList template_steps(const std::vector<TemplateStep>& templates, Technology technology) {
  std::string exact(technology_key(technology));
  std::string group(technology_group_key(technology_group(technology)));
  bool has_exact = std::any_of(templates.begin(), templates.end(),
                               [&](const TemplateStep& step) { return step.technology == exact; });
  const std::string& wanted = has_exact ? exact : group;
  StepList steps;
  for (const auto& row : templates) {
    if (wanted.empty() || row.technology != wanted)
      continue;
    auto found = std::find_if(steps.begin(), steps.end(),
                              [&](const Step& step) { return step.key == row.key; });
    if (found == steps.end()) {
      steps.push_back(Step{row.key, row.name, std::stoi(row.duration_days), {}});
      found = steps.end() - 1;
    }
    if (!row.after.empty())
      found->links.push_back(Link{row.after,
                                  parse_link_type(row.type).value_or(LinkType::FinishToStart),
                                  std::stoi(row.lag_days)});
  }
  return steps;
}

Step* find_step(StepList& steps, std::string_view key) {
  for (auto& step : steps)
    if (step.key == key)
      return &step;
  return nullptr;
}

// Widens a template to `target` milestones: the approvals a real file of the kind goes through,
// then construction work packages (phases) that overlap start-to-start and close the works with
// a finish-to-finish link to commissioning.
void widen(StepList& steps, std::size_t target, const TechnologyShape& shape, Random& random) {
  bool grid = shape.technology == Technology::Grid;
  // The template's first step (its plan inclusion) is where the survey leads.
  std::string start_key = steps.empty() ? "" : steps.front().key;
  auto add_event = [&](const std::string& key, const std::string& name, const std::string& after,
                       std::int32_t lag, const std::string& before) {
    if (steps.size() + 1 >= target || find_step(steps, key) || !find_step(steps, after) ||
        !random.chance(75))
      return;
    steps.push_back(Step{key, name, 0, {Link{after, LinkType::FinishToStart, lag}}});
    if (Step* next = find_step(steps, before))
      next->links.push_back(Link{key, LinkType::FinishToStart, 0});
  };
  if (!find_step(steps, "survey") && steps.size() + 1 < target && random.chance(75)) {
    steps.push_back(Step{"survey", "Khảo sát, đề xuất dự án", 0, {}});
    if (Step* plan = find_step(steps, start_key))
      plan->links.push_back(Link{"survey", LinkType::FinishToStart, random.between(60, 240)});
  }
  if (grid) {
    add_event("investment_policy", "Chấp thuận chủ trương đầu tư", "plan_inclusion",
              random.between(60, 180), "site_clearance");
    add_event("eia_approval", "Phê duyệt đánh giá tác động môi trường", "investment_policy",
              random.between(60, 150), "construction_start");
  } else {
    add_event("investment_certificate", "Giấy chứng nhận đăng ký đầu tư", "investment_policy",
              random.between(30, 90), "");
    add_event("feasibility_study", "Phê duyệt báo cáo nghiên cứu khả thi", "investment_policy",
              random.between(90, 240), "construction_start");
    add_event("eia_approval", "Phê duyệt đánh giá tác động môi trường",
              find_step(steps, "feasibility_study") ? "feasibility_study" : "investment_policy",
              random.between(60, 180), "construction_start");
    add_event("construction_permit", "Giấy phép xây dựng",
              find_step(steps, "eia_approval") ? "eia_approval" : "investment_policy",
              random.between(30, 90), "construction_start");
    add_event("financial_close", "Thu xếp vốn",
              find_step(steps, "ppa_signed") ? "ppa_signed" : "investment_policy",
              random.between(90, 365), "construction_start");
  }
  std::string finish_key = grid                                ? "grid_line_energized"
                           : find_step(steps, "commissioning") ? "commissioning"
                                                               : "cod";
  if (!grid && steps.size() + 1 < target && find_step(steps, "construction_start") &&
      random.chance(75)) {
    steps.push_back(
        Step{"equipment_delivery",
             "Giao thiết bị",
             random.between(60, 180),
             {Link{"construction_start", LinkType::StartToStart, random.between(30, 180)}}});
    if (Step* finish = find_step(steps, finish_key))
      finish->links.push_back(Link{"equipment_delivery", LinkType::FinishToStart, 0});
  }
  if (!find_step(steps, "construction_start") || !find_step(steps, finish_key))
    return;
  bool heavy = shape.technology == Technology::Coal || shape.technology == Technology::Gas ||
               shape.technology == Technology::Hydro;
  std::string previous = "construction_start";
  std::int32_t previous_duration = 0;
  for (int package = 1; steps.size() < target; ++package) {
    std::int32_t duration = heavy ? random.between(90, 365) : random.between(30, 150);
    Link link = package == 1 ? Link{previous, LinkType::StartToStart, random.between(0, 60)}
                : random.chance(50)
                    ? Link{previous, LinkType::StartToStart, previous_duration / 2}
                    : Link{previous, LinkType::FinishToStart, random.between(-10, 15)};
    std::string key = fmt::format("works_{}", package);
    steps.push_back(Step{key, fmt::format("{} {}", shape.works_name, package), duration, {link}});
    previous = key;
    previous_duration = duration;
  }
  if (previous != "construction_start")
    find_step(steps, finish_key)->links.push_back(Link{previous, LinkType::FinishToFinish, 0});
}

// Kahn's order over one project's steps (tens of them), so that dates can be computed in one pass.
StepList in_dependency_order(StepList steps) {
  StepList ordered;
  std::vector<bool> placed(steps.size(), false);
  while (ordered.size() < steps.size()) {
    bool progressed = false;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      if (placed[i])
        continue;
      bool ready = std::all_of(steps[i].links.begin(), steps[i].links.end(), [&](const Link& link) {
        return std::any_of(ordered.begin(), ordered.end(),
                           [&](const Step& step) { return step.key == link.after; });
      });
      if (ready) {
        ordered.push_back(steps[i]);
        placed[i] = true;
        progressed = true;
      }
    }
    if (!progressed)
      break;  // A template with a cycle: the import of the generated files will name it.
  }
  return ordered;
}

// The finish a link allows its successor, by the rules of DESIGN.md. The generator only drafts
// plausible plans with it, before any portfolio exists; analysis::compute_schedule stays the one
// schedule of record (and io sits below analysis, so it cannot call it).
std::int32_t link_bound(const Link& link, std::int32_t start, std::int32_t finish,
                        std::int32_t duration) {
  switch (link.type) {
    case LinkType::FinishToStart:
      return finish + link.lag + duration;
    case LinkType::StartToStart:
      return start + link.lag + duration;
    case LinkType::FinishToFinish:
      return finish + link.lag;
    case LinkType::StartToFinish:
      return start + link.lag;
  }
  return finish;
}

// A date as reports often give it: the month only, standing for its last day.
Date month_of(std::int32_t days) {
  Date day = Date::from_days(days);
  return Date::parse(fmt::format("{:04}-{:02}", day.year(), day.month()));
}

class Generator {
 public:
  Generator(const SyntheticOptions& options, const std::vector<TemplateStep>& templates)
      : m_options(options), m_templates(templates), m_random(options.seed) {
    for (const auto& province : ProvinceRegistry::builtin().provinces())
      m_provinces.push_back(province.legacy_name);
    for (const auto& shape : technology_shapes)
      m_total_weight += shape.weight;
  }

  Portfolio run() {
    m_portfolio.reserve(m_options.projects, m_options.projects * 20, m_options.projects * 24);
    while (m_portfolio.projects.size() < m_options.projects) {
      add_unit();
      report_progress(ProgressTask::Generating, m_portfolio.projects.size(), m_options.projects);
    }
    return std::move(m_portfolio);
  }

 private:
  // A line under construction and the plants still to be connected through it.
  struct OpenLine {
    std::int32_t energised = -1;
    std::string province;
    std::int32_t simulated = 0;  // When the line is really energised, days since 1970.
    int plants_left = 0;
  };

  const TechnologyShape& pick_shape() {
    int ticket = m_random.between(0, m_total_weight - 1);
    for (const auto& shape : technology_shapes) {
      if (ticket < shape.weight)
        return shape;
      ticket -= shape.weight;
    }
    return technology_shapes.front();
  }

  void add_unit() {
    const TechnologyShape& shape = pick_shape();
    std::size_t room = m_options.projects - m_portfolio.projects.size();
    std::string code = fmt::format("SYN-{:06}", m_portfolio.projects.size() + 1);
    std::string province = m_provinces[static_cast<std::size_t>(
        m_random.between(0, static_cast<std::int32_t>(m_provinces.size()) - 1))];
    bool gated = shape.technology != Technology::Grid && m_line.plants_left > 0;
    if (gated)
      province = m_line.province;
    std::int32_t start =
        m_random.between(Date::from_ymd(2010, 1, 1)->days(), Date::from_ymd(2029, 6, 30)->days());
    int phases = shape.splits_into_phases && room >= 3 && m_random.chance(30)
                     ? (room >= 4 && m_random.chance(30) ? 3 : 2)
                     : 0;
    if (phases == 0) {
      add_project(shape, code, province, "", start, gated);
      return;
    }
    // A plant built in phases: the parent carries the total and no milestones of its own.
    std::int32_t parent = add_plain_project(shape, code, province, "");
    std::int64_t total = 0;
    std::int64_t peak_total = 0;
    for (int phase = 1; phase <= phases; ++phase) {
      auto child = add_project(shape, fmt::format("{}-GD{}", code, phase), province, code,
                               start + (phase - 1) * m_random.between(180, 720), gated);
      const auto& phase_project = m_portfolio.projects[static_cast<std::size_t>(child)];
      total += phase_project.capacity->watts();
      if (phase_project.capacity_peak)
        peak_total += phase_project.capacity_peak->watts();
    }
    auto& parent_project = m_portfolio.projects[static_cast<std::size_t>(parent)];
    parent_project.capacity = Capacity::from_watts(total);
    if (parent_project.capacity_peak)
      parent_project.capacity_peak = Capacity::from_watts(peak_total);
    parent_project.name += fmt::format(" ({} giai đoạn)", phases);
  }

  std::int32_t add_plain_project(const TechnologyShape& shape, const std::string& code,
                                 const std::string& province, const std::string& parent) {
    Project project;
    project.code = code;
    project.technology = shape.technology;
    project.province = province;
    project.parent = parent;
    project.stage = Stage::Proposed;
    project.source = fmt::format("synthetic: tiendo generate --seed {}", m_options.seed);
    auto number = m_portfolio.projects.size() + 1;
    if (shape.technology == Technology::Grid) {
      project.name = fmt::format("{} {} kV tổng hợp số {}", shape.name,
                                 m_random.chance(70) ? 110 : 220, number);
    } else {
      project.name = fmt::format("{} tổng hợp số {}", shape.name, number);
      project.investor = fmt::format("Nhà đầu tư tổng hợp {:02}", m_random.between(1, 40));
      std::int64_t kilowatts =
          std::min(m_random.between(shape.minimum_kilowatts, shape.maximum_kilowatts),
                   m_random.between(shape.minimum_kilowatts, shape.maximum_kilowatts));
      project.capacity = Capacity::from_watts(kilowatts * 1'000);
      // Solar panels are sized 10-30 % above the inverters' AC rating.
      if (technology_group(shape.technology) == TechnologyGroup::Solar)
        project.capacity_peak =
            Capacity::from_watts(kilowatts * m_random.between(110, 130) / 100 * 1'000);
    }
    return m_portfolio.add_project(project);
  }

  std::int32_t add_project(const TechnologyShape& shape, const std::string& code,
                           const std::string& province, const std::string& parent,
                           std::int32_t start, bool gated) {
    std::int32_t index = add_plain_project(shape, code, province, parent);
    StepList steps = template_steps(m_templates, shape.technology);
    auto target = static_cast<std::size_t>(m_random.between(10, 30));
    widen(steps, target, shape, m_random);
    steps = in_dependency_order(std::move(steps));
    std::string gated_key = find_step(steps, "commissioning") ? "commissioning" : "cod";

    // How troubled the project is decides how often and how long its steps slip.
    int trouble = m_random.between(0, 99);
    int delay_chance = trouble < 40 ? 20 : trouble < 85 ? 45 : 60;
    std::int32_t delay_limit = trouble < 40 ? 60 : trouble < 85 ? 180 : 540;
    const std::int32_t progress = m_options.progress_date.days();

    std::map<std::string, std::int32_t, std::less<>> milestone_of;
    std::map<std::string, std::pair<std::int32_t, std::int32_t>, std::less<>> planned_of,
        simulated_of;
    for (const auto& step : steps) {
      std::int32_t planned_finish = std::numeric_limits<std::int32_t>::min();
      std::int32_t simulated_finish = std::numeric_limits<std::int32_t>::min();
      for (const auto& link : step.links) {
        auto [planned_start, planned_end] = planned_of.at(link.after);
        auto [simulated_start, simulated_end] = simulated_of.at(link.after);
        planned_finish =
            std::max(planned_finish, link_bound(link, planned_start, planned_end, step.duration));
        simulated_finish = std::max(
            simulated_finish, link_bound(link, simulated_start, simulated_end, step.duration));
      }
      if (step.links.empty())
        planned_finish = start + m_random.between(0, 60);
      else
        planned_finish += m_random.between(0, 20);
      // A plant cannot be commissioned before its line is energised, whatever its plan says.
      if (gated && step.key == gated_key)
        simulated_finish = std::max(simulated_finish, m_line.simulated + step.duration);
      std::int32_t delay = m_random.chance(delay_chance) ? m_random.between(5, delay_limit) : 0;
      delay = delay * delay_percent(shape.technology, step.key) / 100;
      simulated_finish =
          std::max(simulated_finish, planned_finish - m_random.between(0, 10)) + delay;
      planned_of[step.key] = {planned_finish - step.duration, planned_finish};
      simulated_of[step.key] = {simulated_finish - step.duration, simulated_finish};

      Milestone milestone;
      milestone.project = index;
      milestone.key = step.key;
      milestone.name = step.name;
      milestone.duration_days = step.duration;
      milestone.source = fmt::format("synthetic (seed {})", m_options.seed);
      milestone.planned =
          m_random.chance(20) ? month_of(planned_finish) : Date::from_days(planned_finish);
      std::int32_t late = simulated_finish - planned_finish;
      if (simulated_finish <= progress) {
        Date actual = Date::from_days(simulated_finish);
        if (step.duration == 0 && m_random.chance(15) &&
            month_of(simulated_finish) <= m_options.progress_date)
          actual = month_of(simulated_finish);
        milestone.actual = actual;
        if (step.duration > 0)
          milestone.actual_start = Date::from_days(simulated_finish - step.duration);
      } else {
        if (step.duration > 0 && simulated_finish - step.duration <= progress)
          milestone.actual_start = Date::from_days(simulated_finish - step.duration);
        if (late > 30 && m_random.chance(50))
          milestone.forecast = Date::from_days(simulated_finish);
      }
      if (late > 30 && (milestone.actual || milestone.forecast) && m_random.chance(70)) {
        const auto& [category, text] = delay_causes[static_cast<std::size_t>(
            m_random.between(0, static_cast<std::int32_t>(delay_causes.size()) - 1))];
        milestone.reason = fmt::format("{}:{}", category, text);
      }
      milestone_of[step.key] = m_portfolio.add_milestone(std::move(milestone));
    }
    for (const auto& step : steps)
      for (const auto& link : step.links)
        m_portfolio.add_dependency(Dependency{milestone_of.at(link.after),
                                              milestone_of.at(step.key), link.type, link.lag});

    if (shape.technology == Technology::Grid) {
      auto energised = simulated_of.find("grid_line_energized");
      if (energised != simulated_of.end()) {
        m_line = OpenLine{milestone_of.at("grid_line_energized"), province,
                          energised->second.second, m_random.between(2, 6)};
      }
    } else if (gated) {
      auto target_milestone = milestone_of.find(gated_key);
      if (target_milestone != milestone_of.end())
        m_portfolio.add_dependency(
            Dependency{m_line.energised, target_milestone->second, LinkType::FinishToStart, 0});
      --m_line.plants_left;
    }
    return index;
  }

  const SyntheticOptions& m_options;
  const std::vector<TemplateStep>& m_templates;
  Random m_random;
  Portfolio m_portfolio;
  std::vector<std::string> m_provinces;
  int m_total_weight = 0;
  OpenLine m_line;
};

}  // namespace

Portfolio generate_portfolio(const SyntheticOptions& options,
                             const std::vector<TemplateStep>& templates) {
  return Generator(options, templates).run();
}

}  // namespace tiendo::io

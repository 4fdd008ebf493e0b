#include "io/geojson_export.h"

#include "domain/progress.h"
#include "io/json_export.h"

namespace tiendo::io {

nlohmann::json projects_geojson(const Portfolio& portfolio,
                                const std::vector<ProjectStanding>& standings) {
  nlohmann::json features = nlohmann::json::array();
  ProgressCounter progress(ProgressTask::Writing, portfolio.projects.size());
  for (std::size_t p = 0; p < portfolio.projects.size(); ++p) {
    const Project& project = portfolio.projects[p];
    // A project left out is a row done too, or the count would stop short of its total.
    progress.add();
    if (!project.latitude || !project.longitude)
      continue;
    nlohmann::json properties = project_json(project);
    properties["gem_status"] = gem_status(standings[p]);
    properties["eia860_status"] = eia860_status(standings[p]);
    // GeoJSON orders a position longitude first.
    features.push_back(
        {{"type", "Feature"},
         {"id", project.code},
         {"geometry",
          {{"type", "Point"},
           {"coordinates", nlohmann::json::array({*project.longitude, *project.latitude})}}},
         {"properties", properties}});
  }
  return {{"type", "FeatureCollection"}, {"features", features}};
}

}  // namespace tiendo::io

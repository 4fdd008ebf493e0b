#pragma once
// Projects with a position as GeoJSON (RFC 7946) Point features, for QGIS or a web map. The
// properties are the project's JSON export row, so a map's pop-up shows what `export` writes.
#include <nlohmann/json.hpp>

#include <vector>

#include "domain/portfolio.h"

namespace tiendo::io {

// A FeatureCollection; projects without both coordinates are left out, as a map cannot place
// them. `standings` is parallel to Portfolio::projects.
nlohmann::json projects_geojson(const Portfolio& portfolio,
                                const std::vector<ProjectStanding>& standings);

}  // namespace tiendo::io

#include "hierarchy.hpp"

#include <algorithm>
#include <array>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/depth_first_search.hpp>

namespace cmsim {
namespace {

std::string site_pointer(std::size_t index, const char* key = nullptr) {
  std::string p = pointer_join("/sites", index);
  return key ? pointer_join(p, key) : p;
}

// Records the vertices in the order a breadth-first search discovers them.
struct DiscoverOrder : boost::default_bfs_visitor {
  std::vector<Hierarchy::Vertex>* order;
  explicit DiscoverOrder(std::vector<Hierarchy::Vertex>* o) : order(o) {}
  void discover_vertex(Hierarchy::Vertex v, const Hierarchy::Graph&) const { order->push_back(v); }
};

// Collects the vertices that close a cycle (the target of each back edge).
struct CycleFinder : boost::default_dfs_visitor {
  std::vector<Hierarchy::Vertex>* closing;
  explicit CycleFinder(std::vector<Hierarchy::Vertex>* c) : closing(c) {}
  void back_edge(Hierarchy::Graph::edge_descriptor e, const Hierarchy::Graph& g) const {
    closing->push_back(boost::target(e, g));
  }
};

// What type a parent must have for a child of `type` (docs/scenario.md §2.1).
bool parent_type_allowed(SiteType child, SiteType parent) {
  switch (child) {
    case SiteType::cas:
      return false;
    case SiteType::primary:
      return parent == SiteType::cas;
    case SiteType::secondary:
      return parent == SiteType::primary;
  }
  return false;
}

const char* expected_parent(SiteType child) {
  switch (child) {
    case SiteType::cas:
      return "no parent: a CAS is always the top tier";
    case SiteType::primary:
      return "the CAS, or no parent for a stand-alone primary";
    case SiteType::secondary:
      return "a primary site";
  }
  return "";
}

}  // namespace

bool is_reserved_site_code(const std::string& code) {
  static constexpr std::array<const char*, 6> kReserved{"AUX", "CON", "NUL", "PRN", "SMS", "ENV"};
  return std::any_of(kReserved.begin(), kReserved.end(), [&](const char* r) { return code == r; });
}

Hierarchy Hierarchy::build(const std::vector<Site>& sites, Problems& problems) {
  Hierarchy h;
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const auto v = boost::add_vertex(SiteVertex{sites[i].code, sites[i].type, i}, h.graph_);
    // An empty code was refused where it was read; 33 more "duplicate ''" lines would be noise.
    if (!h.by_code_.emplace(sites[i].code, v).second && !sites[i].code.empty())
      problems.add(site_pointer(i, "code"), "duplicate site code '" + sites[i].code + "'", "unique site codes");
  }
  h.add_parent_edges(sites, problems);
  h.check_cycles(sites, problems);
  h.check_tiers(sites, problems);
  h.check_limits(sites, problems);
  return h;
}

void Hierarchy::add_parent_edges(const std::vector<Site>& sites, Problems& problems) {
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const Site& s = sites[i];
    if (s.parent.empty()) continue;
    const auto parent = find(s.parent);
    if (!parent) {
      problems.add(site_pointer(i, "parent"), "unknown parent '" + s.parent + "'", "the code of a site in /sites");
      continue;
    }
    if (s.parent == s.code) {
      problems.add(site_pointer(i, "parent"), "site '" + s.code + "' is its own parent", expected_parent(s.type));
      continue;
    }
    if (!parent_type_allowed(s.type, graph_[*parent].type)) {
      problems.add(site_pointer(i, "parent"),
                   std::string("a ") + to_string(s.type) + " site cannot have the " + to_string(graph_[*parent].type) +
                       " site '" + s.parent + "' as parent",
                   expected_parent(s.type));
    }
    boost::add_edge(*parent, vertex(i), graph_);
  }
}

void Hierarchy::check_cycles(const std::vector<Site>& sites, Problems& problems) const {
  std::vector<Vertex> closing;
  boost::depth_first_search(graph_, boost::visitor(CycleFinder(&closing)));
  std::sort(closing.begin(), closing.end());
  closing.erase(std::unique(closing.begin(), closing.end()), closing.end());
  for (Vertex v : closing)
    problems.add(site_pointer(graph_[v].site_index, "parent"),
                 "site '" + sites[graph_[v].site_index].code + "' is part of a parent cycle", "a tree of sites");
}

void Hierarchy::check_tiers(const std::vector<Site>& sites, Problems& problems) {
  std::vector<Vertex> cas, roots;
  std::size_t primaries = 0;
  for (Vertex v : boost::make_iterator_range(boost::vertices(graph_))) {
    if (graph_[v].type == SiteType::cas) cas.push_back(v);
    if (graph_[v].type == SiteType::primary) ++primaries;
    if (sites[graph_[v].site_index].parent.empty()) roots.push_back(v);
  }
  for (std::size_t k = 1; k < cas.size(); ++k)
    problems.add(site_pointer(graph_[cas[k]].site_index, "type"), "a second CAS", "at most one CAS");
  if (cas.empty() && primaries > 1)
    problems.add("/sites", "more than one primary site without a CAS", "a CAS above the primaries");
  for (Vertex v : roots) {
    if (graph_[v].type == SiteType::secondary)
      problems.add(site_pointer(graph_[v].site_index, "parent"), "a secondary site needs a parent",
                   expected_parent(SiteType::secondary));
    if (graph_[v].type == SiteType::primary && !cas.empty())
      problems.add(site_pointer(graph_[v].site_index, "parent"),
                   "primary '" + graph_[v].code + "' has no parent although the hierarchy has a CAS",
                   "the CAS as parent");
  }
  if (roots.empty() && !sites.empty()) problems.add("/sites", "no top-tier site", "one CAS or one stand-alone primary");
  if (!roots.empty()) root_ = cas.empty() ? roots.front() : cas.front();
}

void Hierarchy::check_limits(const std::vector<Site>&, Problems& problems) const {
  for (Vertex v : boost::make_iterator_range(boost::vertices(graph_))) {
    const SiteVertex& s = graph_[v];
    // Only children of the right tier count: a secondary wrongly under the CAS is its own
    // problem, not a 26th primary.
    const SiteType counted = s.type == SiteType::cas ? SiteType::primary : SiteType::secondary;
    std::size_t children = 0;
    for (auto e : boost::make_iterator_range(boost::out_edges(v, graph_)))
      if (graph_[boost::target(e, graph_)].type == counted) ++children;
    if (s.type == SiteType::cas && children > static_cast<std::size_t>(defaults::kMaxPrimariesPerCas))
      problems.add(site_pointer(s.site_index),
                   "CAS '" + s.code + "' has " + std::to_string(children) + " child primaries",
                   "at most 25 primaries under a CAS");
    if (s.type == SiteType::primary && children > static_cast<std::size_t>(defaults::kMaxSecondariesPerPrimary))
      problems.add(site_pointer(s.site_index),
                   "primary '" + s.code + "' has " + std::to_string(children) + " secondaries",
                   "at most 250 secondaries under a primary");
  }
}

std::optional<Hierarchy::Vertex> Hierarchy::find(const std::string& code) const {
  auto it = by_code_.find(code);
  if (it == by_code_.end()) return std::nullopt;
  return it->second;
}

std::string Hierarchy::top_tier() const { return root_ ? graph_[*root_].code : std::string(); }

std::optional<std::string> Hierarchy::parent_of(const std::string& code) const {
  const auto v = find(code);
  if (!v || boost::in_degree(*v, graph_) == 0) return std::nullopt;
  return graph_[boost::source(*boost::in_edges(*v, graph_).first, graph_)].code;
}

std::vector<std::string> Hierarchy::children_of(const std::string& code) const {
  std::vector<std::string> out;
  if (const auto v = find(code))
    for (Vertex c : boost::make_iterator_range(boost::adjacent_vertices(*v, graph_))) out.push_back(graph_[c].code);
  return out;
}

std::vector<std::string> Hierarchy::breadth_first_from(Vertex start) const {
  std::vector<Vertex> order;
  boost::breadth_first_search(graph_, start, boost::visitor(DiscoverOrder(&order)));
  std::vector<std::string> codes;
  codes.reserve(order.size());
  for (Vertex v : order) codes.push_back(graph_[v].code);
  return codes;
}

std::vector<std::string> Hierarchy::top_down() const {
  return root_ ? breadth_first_from(*root_) : std::vector<std::string>{};
}

std::vector<std::string> Hierarchy::subtree(const std::string& code) const {
  const auto v = find(code);
  return v ? breadth_first_from(*v) : std::vector<std::string>{};
}

std::vector<std::string> Hierarchy::path_to(const std::string& code) const {
  std::vector<std::string> path;
  auto v = find(code);
  // Bounded by the number of sites so a malformed graph cannot loop forever.
  for (std::size_t steps = 0; v && steps <= size(); ++steps) {
    path.push_back(graph_[*v].code);
    if (boost::in_degree(*v, graph_) == 0) break;
    v = boost::source(*boost::in_edges(*v, graph_).first, graph_);
  }
  std::reverse(path.begin(), path.end());
  return path;
}

int Hierarchy::tier(const std::string& code) const { return static_cast<int>(path_to(code).size()) - 1; }

}  // namespace cmsim

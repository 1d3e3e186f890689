// The site hierarchy as a Boost.Graph: one vertex per site, one edge per parent-child pair
// (the WAN link). The hierarchy rules of docs/scenario.md §2.1 / docs/modelling.md §1.2-1.3 and the traversals the
// simulator needs (top-down order, path to a site, subtree) are graph algorithms here.
#pragma once

#include <boost/graph/adjacency_list.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "problems.hpp"
#include "scenario.hpp"

namespace cmsim {

struct SiteVertex {
  std::string code;
  SiteType type = SiteType::primary;
  std::size_t site_index = 0;  // index into Scenario::sites
};

class Hierarchy {
 public:
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, SiteVertex>;
  using Vertex = Graph::vertex_descriptor;

  // Builds the graph and checks every hierarchy rule. Problems are reported against
  // `/sites/<i>/...`. The result is usable (for further checks) even when problems exist,
  // but traversals are only meaningful when none were added.
  static Hierarchy build(const std::vector<Site>& sites, Problems& problems);

  const Graph& graph() const { return graph_; }
  std::size_t size() const { return boost::num_vertices(graph_); }
  std::optional<Vertex> find(const std::string& code) const;
  const std::string& code(Vertex v) const { return graph_[v].code; }
  SiteType type(Vertex v) const { return graph_[v].type; }

  // The top-tier site: the CAS, or the stand-alone primary.
  std::string top_tier() const;
  std::optional<std::string> parent_of(const std::string& code) const;
  std::vector<std::string> children_of(const std::string& code) const;
  // Every site, parents before children, siblings in input order (breadth first).
  std::vector<std::string> top_down() const;
  // The sites from the top tier down to `code`, both included.
  std::vector<std::string> path_to(const std::string& code) const;
  // `code` and everything below it, breadth first.
  std::vector<std::string> subtree(const std::string& code) const;
  // Depth of a site below the top tier (top = 0).
  int tier(const std::string& code) const;

 private:
  void add_parent_edges(const std::vector<Site>& sites, Problems& problems);
  void check_cycles(const std::vector<Site>& sites, Problems& problems) const;
  void check_tiers(const std::vector<Site>& sites, Problems& problems);
  void check_limits(const std::vector<Site>& sites, Problems& problems) const;
  std::vector<std::string> breadth_first_from(Vertex start) const;
  Vertex vertex(std::size_t site_index) const { return static_cast<Vertex>(site_index); }

  Graph graph_;
  std::unordered_map<std::string, Vertex> by_code_;
  std::optional<Vertex> root_;
};

// Site codes that setup refuses (docs/modelling.md §1.6).
bool is_reserved_site_code(const std::string& code);

}  // namespace cmsim

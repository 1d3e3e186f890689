// The hierarchy drawing of report.html: CAS -> primaries -> secondaries as an SVG tree,
// edges coloured by the last database-replication link state. Up to
// kHtmlHierarchyDetailMaxSites sites, one box per site; above that, each parent's leaf
// children become one box ("250 secondaries"); if even that is too many boxes, one box per
// tier. A parent with many leaf children stacks them in columns of ten under it, so a
// primary with 40 secondaries is four columns wide, not forty.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "reports/html_svg.hpp"
#include "reports/report_html.hpp"
#include "reports/report_html_sections.hpp"

namespace cmsim::reports::html {
namespace {

// Sites as a forest: children by index into Results::sites, in Results order.
struct SiteTree {
  std::vector<std::vector<std::size_t>> children;
  std::vector<std::size_t> roots;
};

SiteTree build_tree(const std::vector<SiteResult>& sites) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < sites.size(); ++i) index.emplace(sites[i].code, i);
  SiteTree tree;
  tree.children.resize(sites.size());
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const auto parent = index.find(sites[i].parent);
    if (sites[i].parent.empty() || parent == index.end())
      tree.roots.push_back(i);
    else if (parent->second != i)
      tree.children[parent->second].push_back(i);
  }
  return tree;
}

void depth_first(const SiteTree& tree, const std::vector<SiteResult>& sites, std::size_t i,
                 std::vector<std::string>& out) {
  out.push_back(sites[i].code);
  for (const std::size_t child : tree.children[i]) depth_first(tree, sites, child, out);
}

// What the drawing shows: a site, a group of sibling leaves, or a whole tier.
struct DrawNode {
  std::string line1;
  std::string line2;
  std::string title;
  std::string cls;       // node fill: "cas", "primary", "secondary" (+ " group")
  std::string edge_cls;  // edge from the parent: "l-active", "l-failed", ... or "l-none"
  std::string edge_title;
  std::vector<DrawNode> children;
};

using LinkStates = std::map<std::string, std::string>;  // link name -> last state

LinkStates last_link_states(const DbLinkRecord& changes) {
  // By the change's link index first: a year of WAN outages is ~200,000 changes on a few
  // thousand names.
  std::vector<const DbLinkChange*> last(changes.names.size(), nullptr);
  for (const DbLinkChange& c : changes) last.at(c.link) = &c;  // in time order: last wins
  LinkStates states;
  for (std::size_t i = 0; i < last.size(); ++i)
    if (last[i] != nullptr) states[changes.names[i]] = to_string(last[i]->state);
  return states;
}

// Worse states win when several links share one drawn edge.
int link_rank(const std::string& state) {
  if (state == "failed") return 4;
  if (state == "degraded") return 3;
  if (state == "being_configured") return 2;
  if (state == "active") return 1;
  return 0;
}

std::string link_class(const std::string& state) { return state.empty() ? "l-none" : "l-" + state; }

std::string version_text(const SiteResult& s) {
  return s.initial_version == s.final_version ? s.final_version
                                              : s.initial_version + " \xE2\x86\x92 " + s.final_version;
}

DrawNode site_node(const SiteResult& s, const LinkStates& links) {
  DrawNode n;
  n.line1 = s.code;
  n.line2 = version_text(s);
  n.cls = s.type + (s.added_t_s ? " added" : "");
  n.title = s.code + " (" + s.type + ")" + (s.parent.empty() ? "" : ", parent " + s.parent) + ": " + n.line2;
  if (s.added_t_s) n.title += "; added at " + sim_time(s.added_t_s);
  if (!s.parent.empty()) {
    const std::string name = s.parent + "-" + s.code;
    const auto it = links.find(name);
    const std::string state = it == links.end() ? "" : it->second;
    n.edge_cls = link_class(state);
    n.edge_title = name + ": " + (state.empty() ? "no DB link change recorded" : state);
  }
  return n;
}

std::string plural(const std::string& type, std::size_t n) {
  if (n == 1) return type == "cas" ? "CAS" : type;
  if (type == "secondary") return "secondaries";
  if (type == "primary") return "primaries";
  if (type == "cas") return "CAS sites";
  return type + " sites";
}

// "2409 ×248, 2403 ×2": final versions, most common first.
std::string version_counts(const std::vector<SiteResult>& sites, const std::vector<std::size_t>& members,
                           std::size_t max_shown) {
  std::map<std::string, std::size_t> counts;
  for (const std::size_t i : members) ++counts[sites[i].final_version];
  std::vector<std::pair<std::string, std::size_t>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out;
  for (std::size_t k = 0; k < sorted.size() && k < max_shown; ++k)
    out += (k ? ", " : "") + sorted[k].first + " \xC3\x97" + std::to_string(sorted[k].second);
  if (sorted.size() > max_shown) out += ", \xE2\x80\xA6";
  return out;
}

// One box for several sites of one type: counts, versions, and the worst link state.
DrawNode group_node(const std::vector<SiteResult>& sites, const std::vector<std::size_t>& members,
                    const LinkStates& links) {
  const std::string& type = sites[members.front()].type;
  DrawNode n;
  n.line1 = std::to_string(members.size()) + " " + plural(type, members.size());
  n.line2 = version_counts(sites, members, 2);
  n.cls = type + " group";
  std::map<std::string, std::size_t> states;
  std::string worst;
  for (const std::size_t i : members) {
    const auto it = links.find(sites[i].parent + "-" + sites[i].code);
    const std::string state = it == links.end() ? "" : it->second;
    if (!sites[i].parent.empty()) ++states[state.empty() ? "no change recorded" : state];
    if (link_rank(state) > link_rank(worst)) worst = state;
  }
  n.edge_cls = link_class(worst);
  for (const auto& [state, count] : states)
    n.edge_title += (n.edge_title.empty() ? "links: " : ", ") + std::to_string(count) + " " + state;
  n.title = n.line1 + "; final versions: " + version_counts(sites, members, 20);
  return n;
}

DrawNode full_node(const Results& r, const SiteTree& tree, const LinkStates& links, std::size_t i) {
  DrawNode n = site_node(r.sites[i], links);
  for (const std::size_t child : tree.children[i]) n.children.push_back(full_node(r, tree, links, child));
  return n;
}

// Each site with children stays a box; its leaf children collapse into one box per type.
DrawNode grouped_node(const Results& r, const SiteTree& tree, const LinkStates& links, std::size_t i) {
  DrawNode n = site_node(r.sites[i], links);
  std::map<std::string, std::vector<std::size_t>> leaves_by_type;
  std::vector<std::string> type_order;
  for (const std::size_t child : tree.children[i]) {
    if (!tree.children[child].empty()) {
      n.children.push_back(grouped_node(r, tree, links, child));
      continue;
    }
    auto& members = leaves_by_type[r.sites[child].type];
    if (members.empty()) type_order.push_back(r.sites[child].type);
    members.push_back(child);
  }
  for (const std::string& type : type_order) n.children.push_back(group_node(r.sites, leaves_by_type[type], links));
  return n;
}

int type_rank(const std::string& type) {
  if (type == "cas") return 0;
  if (type == "primary") return 1;
  if (type == "secondary") return 2;
  return 3;
}

// Last resort for huge or odd hierarchies: one box per site type, chained top-down.
std::vector<DrawNode> tier_forest(const Results& r, const LinkStates& links) {
  std::map<std::pair<int, std::string>, std::vector<std::size_t>> by_type;
  for (std::size_t i = 0; i < r.sites.size(); ++i) by_type[{type_rank(r.sites[i].type), r.sites[i].type}].push_back(i);
  std::vector<DrawNode> chain;
  for (const auto& [key, members] : by_type) chain.push_back(group_node(r.sites, members, links));
  for (std::size_t k = chain.size(); k-- > 1;) chain[k - 1].children.push_back(std::move(chain[k]));
  if (chain.empty()) return {};
  chain.resize(1);
  return chain;
}

std::size_t count_nodes(const std::vector<DrawNode>& nodes) {
  std::size_t n = nodes.size();
  for (const DrawNode& node : nodes) n += count_nodes(node.children);
  return n;
}

struct Drawing {
  std::vector<DrawNode> forest;
  std::string note;         // how it was aggregated, for the reader
  bool left_right = false;  // aggregated trees are wide and shallow: lay them out sideways
};

Drawing choose_drawing(const Results& r) {
  const SiteTree tree = build_tree(r.sites);
  const LinkStates links = last_link_states(r.db_links);
  Drawing d;
  if (r.sites.size() <= kHtmlHierarchyDetailMaxSites) {
    for (const std::size_t root : tree.roots) d.forest.push_back(full_node(r, tree, links, root));
    return d;
  }
  for (const std::size_t root : tree.roots) d.forest.push_back(grouped_node(r, tree, links, root));
  d.left_right = true;
  d.note = "Each parent's sites without children of their own are drawn as one box.";
  if (count_nodes(d.forest) > kHtmlHierarchyMaxBoxes) {
    d.forest = tier_forest(r, links);
    d.note = "One box per site type: there are too many parents to draw each.";
  }
  return d;
}

// ---- layout ---------------------------------------------------------------------------

constexpr double kMargin = 10;
constexpr double kBoxH = 34;
constexpr double kLevelGap = 44;
constexpr double kGap = 14;          // between neighbouring boxes of one level
constexpr double kStackIndent = 14;  // room for the spine left of a stacked column
constexpr std::size_t kStackAfter = 6;
constexpr std::size_t kStackRows = 10;

std::size_t utf8_length(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// Labels are monospace, so the widest label fixes one box width for the whole drawing.
double box_width(const std::vector<DrawNode>& nodes, double width = 64) {
  for (const DrawNode& n : nodes) {
    width = std::max(width, 7.3 * static_cast<double>(std::max(utf8_length(n.line1), utf8_length(n.line2))) + 14);
    width = box_width(n.children, width);
  }
  return width;
}

enum class EdgeStyle { straight, stacked, elbow };

struct Placed {
  double x = 0;  // centre
  double y = 0;  // top
  const DrawNode* node = nullptr;
  int parent = -1;
  EdgeStyle edge = EdgeStyle::straight;
};

// Top-down (levels are rows) for site-by-site drawings; left-to-right (levels are columns,
// each leaf its own row) for aggregated ones, where 25 primaries side by side would not fit.
class Layout {
 public:
  Layout(double box_w, bool left_right) : w_(box_w), left_right_(left_right) {}

  void place_forest(const std::vector<DrawNode>& forest) {
    for (const DrawNode& n : forest) place(n, 0, -1);
  }
  const std::vector<Placed>& placed() const { return placed_; }
  double width() const {
    double right = 0;
    for (const Placed& p : placed_) right = std::max(right, p.x + w_ / 2);
    return right + kMargin;
  }
  double height() const {
    double bottom = 0;
    for (const Placed& p : placed_) bottom = std::max(bottom, p.y + kBoxH);
    return bottom + kMargin;
  }

 private:
  static double level_y(int depth) { return kMargin + depth * (kBoxH + kLevelGap); }
  double level_x(int depth) const { return kMargin + depth * (w_ + kLevelGap) + w_ / 2; }

  static bool all_leaves(const DrawNode& n) {
    return std::all_of(n.children.begin(), n.children.end(), [](const DrawNode& c) { return c.children.empty(); });
  }

  // Places n and its subtree; returns n's position along the cursor's axis.
  double place(const DrawNode& n, int depth, int parent) {
    const int self = static_cast<int>(placed_.size());
    const EdgeStyle edge = left_right_ ? EdgeStyle::elbow : EdgeStyle::straight;
    placed_.push_back({left_right_ ? level_x(depth) : 0, left_right_ ? 0 : level_y(depth), &n, parent, edge});
    double at = 0;
    if (n.children.empty()) {
      at = cursor_ + step() / 2;
      cursor_ += step();
    } else if (!left_right_ && all_leaves(n) && n.children.size() > kStackAfter) {
      at = place_stack(n, depth + 1, self);
    } else {
      const double first = place(n.children.front(), depth + 1, self);
      for (std::size_t k = 1; k + 1 < n.children.size(); ++k) place(n.children[k], depth + 1, self);
      const double last = n.children.size() > 1 ? place(n.children.back(), depth + 1, self) : first;
      at = (first + last) / 2;
    }
    Placed& p = placed_[static_cast<std::size_t>(self)];
    if (left_right_)
      p.y = at - kBoxH / 2;
    else
      p.x = at;
    return at;
  }

  // Room one leaf takes along the cursor's axis.
  double step() const { return left_right_ ? kBoxH + 8 : w_ + kGap; }

  // Leaf children in columns of kStackRows under the parent; returns the parent's centre.
  double place_stack(const DrawNode& n, int depth, int parent) {
    const double column_w = kStackIndent + w_ + kGap;
    const double left = cursor_;
    for (std::size_t k = 0; k < n.children.size(); ++k) {
      const double x = left + static_cast<double>(k / kStackRows) * column_w + kStackIndent + w_ / 2;
      const double y = level_y(depth) + static_cast<double>(k % kStackRows) * (kBoxH + 8);
      placed_.push_back({x, y, &n.children[k], parent, EdgeStyle::stacked});
    }
    const std::size_t columns = (n.children.size() + kStackRows - 1) / kStackRows;
    cursor_ += static_cast<double>(columns) * column_w;
    return left + (static_cast<double>(columns) * column_w - kGap) / 2;
  }

  double w_;
  bool left_right_;
  double cursor_ = kMargin;
  std::vector<Placed> placed_;
};

// Edges end in a coloured segment (the link's state) and start in neutral connectors.
void draw_edge(Svg& svg, const Placed& parent, const Placed& child, double w) {
  const DrawNode& n = *child.node;
  const std::string cls = "edge " + n.edge_cls;
  const double child_mid = child.y + kBoxH / 2;
  switch (child.edge) {
    case EdgeStyle::straight:
      svg.line(parent.x, parent.y + kBoxH, child.x, child.y, cls, n.edge_title);
      return;
    case EdgeStyle::stacked: {
      const double spine_x = child.x - w / 2 - kStackIndent / 2;
      const double bus_y = parent.y + kBoxH + kLevelGap / 2;
      svg.line(parent.x, parent.y + kBoxH, parent.x, bus_y, "edge l-none");
      svg.line(std::min(parent.x, spine_x), bus_y, std::max(parent.x, spine_x), bus_y, "edge l-none");
      svg.line(spine_x, bus_y, spine_x, child_mid, "edge l-none");
      svg.line(spine_x, child_mid, child.x - w / 2, child_mid, cls, n.edge_title);
      return;
    }
    case EdgeStyle::elbow: {
      const double parent_mid = parent.y + kBoxH / 2;
      const double bend_x = child.x - w / 2 - kLevelGap / 2;
      svg.line(parent.x + w / 2, parent_mid, bend_x, parent_mid, "edge l-none");
      svg.line(bend_x, std::min(parent_mid, child_mid), bend_x, std::max(parent_mid, child_mid), "edge l-none");
      svg.line(bend_x, child_mid, child.x - w / 2, child_mid, cls, n.edge_title);
      return;
    }
  }
}

void draw_box(Svg& svg, const Placed& p, double w) {
  const DrawNode& n = *p.node;
  svg.rect(p.x - w / 2, p.y, w, kBoxH, "node " + n.cls, n.title);
  svg.text(p.x, p.y + 14, n.line1, "nl1");
  svg.text(p.x, p.y + 28, n.line2, "nl2");
}

std::string hierarchy_svg(const Drawing& d) {
  const double w = box_width(d.forest);
  Layout layout(w, d.left_right);
  layout.place_forest(d.forest);
  Svg svg(std::max(layout.width(), 100.0), layout.height(), "Site hierarchy");
  const auto& placed = layout.placed();
  for (const Placed& p : placed)
    if (p.parent >= 0) draw_edge(svg, placed[static_cast<std::size_t>(p.parent)], p, w);
  for (const Placed& p : placed) draw_box(svg, p, w);
  return svg.finish();
}

const char* kLinkLegend =
    "<p class=\"legend\">DB replication link, last state: <span class=\"k l-active\"></span>active "
    "<span class=\"k l-degraded\"></span>degraded <span class=\"k l-failed\"></span>failed "
    "<span class=\"k l-being_configured\"></span>being configured <span class=\"k l-none\"></span>no change "
    "recorded. Boxes: site code and version (initial \xE2\x86\x92 final); dashed: <span class=\"k "
    "added\"></span>added during the run.</p>\n";

}  // namespace

std::vector<std::string> sites_depth_first(const Results& results) {
  const SiteTree tree = build_tree(results.sites);
  std::vector<std::string> out;
  for (const std::size_t root : tree.roots) depth_first(tree, results.sites, root, out);
  return out;
}

std::string hierarchy_section(const Results& results) {
  std::string out = "<section id=\"hierarchy\">\n<h2>Hierarchy</h2>\n";
  if (results.sites.empty()) return out + "<p>No sites.</p>\n</section>\n";
  const Drawing d = choose_drawing(results);
  if (!d.note.empty())
    out += "<p class=\"note\">" + std::to_string(results.sites.size()) + " sites. " + escape(d.note) + "</p>\n";
  out += "<div class=\"scroll\">\n" + hierarchy_svg(d) + "</div>\n" + kLinkLegend;
  return out + "</section>\n";
}

}  // namespace cmsim::reports::html

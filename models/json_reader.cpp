#include "models/json_reader.hpp"

#include <vector>

namespace cmsim {
namespace {

// nlohmann reports a byte offset; people need a line and a column.
std::string line_and_column(const std::string& text, std::size_t byte) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// Builds the document as nlohmann's own DOM parser would, but knows at every moment the JSON
// pointer of the value being read, so that every refusal can name it.
class StrictBuilder : public nlohmann::json_sax<Json> {
 public:
  StrictBuilder(const std::string& text, Problems& problems, JsonSpool* events)
      : text_(text), problems_(problems), events_(events) {}

  Json root;

  bool null() override { return put(Json(nullptr)); }
  bool boolean(bool v) override { return put(Json(v)); }
  bool number_integer(number_integer_t v) override { return put(Json(v)); }
  bool number_unsigned(number_unsigned_t v) override { return put(Json(v)); }
  bool number_float(number_float_t v, const string_t&) override { return put(Json(v)); }
  bool string(string_t& v) override { return put(Json(std::move(v))); }
  bool binary(binary_t&) override { return refuse(pointer(), "binary data", "JSON text"); }
  bool start_object(std::size_t) override { return open(Json::object()); }
  bool start_array(std::size_t) override { return open(Json::array()); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool key(string_t& k) override {
    Level& level = levels_.back();
    if (level.value->contains(k)) {
      return refuse(pointer_join(level.pointer, k), "the key '" + excerpt(k) + "' is given twice in one object",
                    "each key once");
    }
    level.key = std::move(k);
    return true;
  }

  bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception& e) override {
    if (e.id == 406) {  // out_of_range: a number beyond what a double holds
      return refuse(pointer(), "the number " + excerpt(token) + " is too large to read",
                    "a number within ±1.8e308 (a count, size or seed within its documented bounds)");
    }
    const std::string what = e.what();
    const auto at = what.find("syntax error");
    const std::size_t byte = position == 0 ? 0 : position - 1;
    problems_.add(
        "",
        "malformed JSON at " + line_and_column(text_, byte) + ": " + (at == std::string::npos ? what : what.substr(at)),
        "valid JSON");
    return false;
  }

  bool failed() const { return failed_; }

 private:
  struct Level {
    Json* value;
    std::string pointer;
    std::string key;          // objects: the key of the value being read
    std::size_t spooled = 0;  // arrays: elements already handed to the spool
    bool spools = false;      // the top-level "events" array, when spooling
  };

  // The pointer of the value about to be put.
  std::string pointer() const {
    if (levels_.empty()) return "";
    const Level& level = levels_.back();
    if (level.value->is_array()) return pointer_join(level.pointer, level.spooled + level.value->size());
    return pointer_join(level.pointer, level.key);
  }

  // The container about to be opened is /events, to be spooled element by element.
  bool opens_events(const Json& container) const {
    return events_ && container.is_array() && levels_.size() == 1 && levels_[0].value->is_object() &&
           levels_[0].key == "events";
  }

  // A finished element of the spooled array leaves the document for the spool.
  void spool_finished_element() {
    if (levels_.empty() || !levels_.back().spools) return;
    Level& level = levels_.back();
    events_->add(level.value->back());
    level.value->erase(level.value->size() - 1);
    ++level.spooled;
  }

  Json* place(Json&& v) {
    if (levels_.empty()) {
      root = std::move(v);
      return &root;
    }
    Level& level = levels_.back();
    if (level.value->is_array()) {
      level.value->push_back(std::move(v));
      return &level.value->back();
    }
    Json& slot = (*level.value)[level.key];
    slot = std::move(v);
    return &slot;
  }

  bool put(Json&& v) {
    place(std::move(v));
    spool_finished_element();
    return true;
  }

  bool open(Json&& container) {
    if (levels_.size() >= kMaxJsonDepth) {
      return refuse(pointer(), "values nested more than " + std::to_string(kMaxJsonDepth) + " levels deep",
                    "at most " + std::to_string(kMaxJsonDepth) + " levels of nesting");
    }
    std::string at = pointer();
    const bool spools = opens_events(container);
    Json* placed = place(std::move(container));
    levels_.push_back(Level{placed, std::move(at), {}, 0, spools});
    if (spools) events_->start();
    return true;
  }

  bool close() {
    levels_.pop_back();
    spool_finished_element();
    return true;
  }

  bool refuse(std::string at, std::string message, std::string expected) {
    problems_.add(std::move(at), std::move(message), std::move(expected));
    failed_ = true;
    return false;
  }

  const std::string& text_;
  Problems& problems_;
  JsonSpool* events_;  // null: build the whole document
  std::vector<Level> levels_;
  bool failed_ = false;
};

std::optional<Json> read_strictly(const std::string& text, Problems& problems, JsonSpool* events) {
  StrictBuilder builder(text, problems, events);
  const std::size_t before = problems.size();
  const bool ok = Json::sax_parse(text, &builder, Json::input_format_t::json, true);
  if (!ok || problems.size() != before) return std::nullopt;
  return std::move(builder.root);
}

}  // namespace

Json JsonSpool::Blobs::get(std::size_t i) const {
  return Json::from_cbor(bytes.begin() + static_cast<std::ptrdiff_t>(begin(i)),
                         bytes.begin() + static_cast<std::ptrdiff_t>(ends[i]));
}

std::optional<Json> JsonSpool::member(std::size_t i) const {
  if (members_.empty_at(i)) return std::nullopt;
  return members_.get(i);
}

void JsonSpool::add(const Json& value) {
  Json::to_cbor(value, elements_.bytes);
  elements_.ends.push_back(elements_.bytes.size());
  if (value.is_object()) {
    if (const auto it = value.find(member_); it != value.end()) Json::to_cbor(*it, members_.bytes);
  }
  members_.ends.push_back(members_.bytes.size());
}

std::optional<Json> read_json_strictly(const std::string& text, Problems& problems) {
  return read_strictly(text, problems, nullptr);
}

std::optional<Json> read_json_strictly(const std::string& text, Problems& problems, JsonSpool& events) {
  return read_strictly(text, problems, &events);
}

}  // namespace cmsim

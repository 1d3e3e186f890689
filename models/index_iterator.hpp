// An input iterator over a container that hands out views by index (FaultWindows,
// LogStore): what it yields is built on each read, so it has no reference to return.
#pragma once

#include <cstddef>
#include <iterator>

namespace cmsim {

template <class Owner, class View>
class IndexIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = View;
  using difference_type = std::ptrdiff_t;
  using pointer = void;
  using reference = View;

  IndexIterator(const Owner* owner, std::size_t i) : owner_(owner), i_(i) {}
  View operator*() const { return (*owner_)[i_]; }
  IndexIterator& operator++() {
    ++i_;
    return *this;
  }
  IndexIterator operator++(int) {
    IndexIterator before = *this;
    ++i_;
    return before;
  }
  bool operator==(const IndexIterator& o) const { return i_ == o.i_; }
  bool operator!=(const IndexIterator& o) const { return i_ != o.i_; }

 private:
  const Owner* owner_;
  std::size_t i_;
};

}  // namespace cmsim

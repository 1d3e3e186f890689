// Test shorthand: raise a list of status messages or component status changes into a
// results record, in the order given (the order components raise them in a run).
#pragma once

#include <initializer_list>

#include "models/results.hpp"

namespace cmsim {

template <class Record>
void raise_each(Results& r, std::initializer_list<Record> records) {
  for (const Record& record : records) r.raised.raise(record);
}

}  // namespace cmsim

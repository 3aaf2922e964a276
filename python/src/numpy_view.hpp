#pragma once
// numpy arrays over buffers that C++ owns: no copy. Each array's base is a capsule holding a
// shared_ptr to the owner, so the buffer lives as long as any array (or view of one) does, even
// after the Python object that made it is gone. The arrays are read-only: the owner's other
// parts (counts, meta.json) describe these values.
#include <cstdint>
#include <memory>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

namespace gdchaos::python {

/// A C-contiguous view of `shape` (one or two dimensions) over `data`, which `owner` keeps alive.
template <class T, class Owner>
pybind11::array read_only_view(const std::shared_ptr<Owner>& owner, const T* data, std::vector<pybind11::ssize_t> shape) {
  auto* keep = new std::shared_ptr<Owner>(owner);
  pybind11::capsule base(keep, [](void* p) { delete static_cast<std::shared_ptr<Owner>*>(p); });
  std::vector<pybind11::ssize_t> strides(shape.size(), static_cast<pybind11::ssize_t>(sizeof(T)));
  for (std::size_t k = shape.size(); k-- > 1;) strides[k - 1] = strides[k] * shape[k];
  pybind11::array_t<T> view(shape, strides, data, base);
  view.attr("setflags")(pybind11::arg("write") = false);
  return view;
}

}  // namespace gdchaos::python

// Shared by the JNI library and the isolated decoder executable: OpenJPH error handling, an in-memory
// input with an optional virtual EOC, and the frame decode loop with clamping.
#pragma once

#include <openjph/ojph_arch.h>
#include <openjph/ojph_codestream.h>
#include <openjph/ojph_file.h>
#include <openjph/ojph_mem.h>
#include <openjph/ojph_message.h>
#include <openjph/ojph_params.h>
#include <openjph/ojph_version.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

#define MIST_OJPH_AT_LEAST(maj, min) \
  (OPENJPH_VERSION_MAJOR > (maj) || (OPENJPH_VERSION_MAJOR == (maj) && OPENJPH_VERSION_MINOR >= (min)))

namespace mist {

// OpenJPH reports an error by calling a global handler that prints the text and throws a bare
// "ojph error". 0.9.0's configure_error() is an empty function, so the handler cannot be replaced
// there; instead its stream is a FILE whose writes land in a buffer of the calling thread, and
// message() puts that text into our exception. Where configure_error() works (0.21), ThrowingError
// carries the text itself. Warnings and information are dropped.
inline std::string& thread_text() {
  thread_local std::string text;
  return text;
}

inline ssize_t capture(void*, const char* buf, size_t n) {
  std::string& text = thread_text();
  if (text.size() < 2048) text.append(buf, n);
  return (ssize_t)n;
}

inline ssize_t discard(void*, const char*, size_t n) { return (ssize_t)n; }

class ThrowingError : public ojph::message_error {
 public:
  void operator()(int code, const char* file, int line, const char* fmt, ...) override {
    char text[512];
    va_list args;
    va_start(args, fmt);
    vsnprintf(text, sizeof text, fmt, args);
    va_end(args);
    char full[700];
    snprintf(full, sizeof full, "OpenJPH error 0x%x at %s:%d: %s", code, file, line, text);
    throw std::runtime_error(full);
  }
};

inline FILE* cookie_stream(cookie_write_function_t* write) {
  cookie_io_functions_t io{nullptr, write, nullptr, nullptr};
  FILE* f = fopencookie(nullptr, "w", io);
  if (f) setvbuf(f, nullptr, _IONBF, 0);  // unbuffered: each write runs in the thread that made it
  return f;
}

inline void install_handlers() {
  static ThrowingError error;
  ojph::configure_error(&error);
  ojph::set_error_stream(cookie_stream(capture));
  ojph::set_warning_stream(cookie_stream(discard));
  ojph::set_info_stream(cookie_stream(discard));
}

// The reason for a failure: OpenJPH's own text when it printed one in this thread.
inline std::string message(const std::exception& e) {
  std::string text = thread_text();
  thread_text().clear();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (text.rfind("ojph error", 0) == 0) text = "OpenJPH e" + text.substr(6);
  return text.empty() ? e.what() : text;
}

// Reads a codestream held in memory, optionally as a prefix followed by a virtual EOC marker, so a
// level-k prefix decodes without copying it. The data pointer can be rebound (a Java array pinned
// again may have moved); the read position is kept.
class MemoryInfile : public ojph::infile_base {
 public:
  MemoryInfile(size_t length, bool append_eoc) : length_(length), total_(length + (append_eoc ? 2 : 0)) {}
  void bind(const ojph::ui8* data) { data_ = data; }

  size_t read(void* ptr, size_t size) override {
    size_t n = 0;
    auto* out = static_cast<ojph::ui8*>(ptr);
    while (n < size && pos_ < total_) {
      if (pos_ < length_) {
        size_t chunk = std::min(size - n, length_ - pos_);
        memcpy(out + n, data_ + pos_, chunk);
        n += chunk;
        pos_ += chunk;
      } else {
        out[n++] = pos_ == length_ ? 0xFF : 0xD9;
        ++pos_;
      }
    }
    return n;
  }
  int seek(ojph::si64 offset, enum infile_base::seek origin) override {
    ojph::si64 base = origin == OJPH_SEEK_SET ? 0 : origin == OJPH_SEEK_CUR ? (ojph::si64)pos_ : (ojph::si64)total_;
    ojph::si64 target = base + offset;
    if (target < 0 || target > (ojph::si64)total_) return -1;
    pos_ = (size_t)target;
    return 0;
  }
  ojph::si64 tell() override { return (ojph::si64)pos_; }
  bool eof() override { return pos_ >= total_; }

 private:
  const ojph::ui8* data_ = nullptr;
  size_t length_, total_, pos_ = 0;
};

struct FrameFormat {
  ojph::ui32 width, height, components, bits;
  bool is_signed;
  size_t samples() const { return (size_t)width * height * components; }
};

// Reads the headers and restricts decoding to level `skip`. Throws std::runtime_error for what the
// frame model does not hold (subsampling, mixed formats, more than 16 bits).
inline FrameFormat open_frame(ojph::codestream& cs, ojph::infile_base* in, ojph::ui32 skip) {
  cs.read_headers(in);
  ojph::param_siz siz = cs.access_siz();
  ojph::param_cod cod = cs.access_cod();
  if (skip > cod.get_num_decompositions())
    throw std::runtime_error("skip " + std::to_string(skip) + " exceeds the " +
                             std::to_string(cod.get_num_decompositions()) + " decomposition levels");
  cs.restrict_input_resolution(skip, skip);
  FrameFormat f{siz.get_recon_width(0), siz.get_recon_height(0), siz.get_num_components(), siz.get_bit_depth(0),
                siz.is_signed(0)};
  for (ojph::ui32 c = 0; c < f.components; ++c) {
    ojph::point ds = siz.get_downsampling(c);
    if (ds.x != 1 || ds.y != 1) throw std::runtime_error("subsampled components are not supported");
    if (siz.get_bit_depth(c) != f.bits || siz.is_signed(c) != f.is_signed)
      throw std::runtime_error("components with different sample formats are not supported");
  }
  if (f.bits > 16) throw std::runtime_error("bit depth above 16 is not supported");
  return f;
}

// The stored sample range: decoded reduced levels can overshoot it and are clamped into it.
inline void sample_range(const FrameFormat& f, ojph::si32& lo, ojph::si32& hi) {
  lo = f.is_signed ? -(1 << (f.bits - 1)) : 0;
  hi = f.is_signed ? (1 << (f.bits - 1)) - 1 : (1 << f.bits) - 1;
}

// Decodes every line, handing each to store_row(y, component, const si32* samples).
template <class StoreRow>
void pull_frame(ojph::codestream& cs, const FrameFormat& f, StoreRow store_row) {
  cs.set_planar(false);
  cs.create();
  for (ojph::ui32 y = 0; y < f.height; ++y) {
    for (ojph::ui32 c = 0; c < f.components; ++c) {
      ojph::ui32 comp = 0;
      ojph::line_buf* line = cs.pull(comp);
      store_row(y, comp, line->i32);
    }
  }
  cs.close();
}

// Copies one decoded row, clamped, to dst[0], dst[stride], ...
template <class T>
inline void store_clamped(T* dst, size_t stride, const ojph::si32* src, size_t n, ojph::si32 lo, ojph::si32 hi) {
  if (stride == 1) {  // one component: a contiguous loop, which vectorizes
    for (size_t x = 0; x < n; ++x) dst[x] = (T)std::min(hi, std::max(lo, src[x]));
    return;
  }
  for (size_t x = 0; x < n; ++x) dst[x * stride] = (T)std::min(hi, std::max(lo, src[x]));
}

}  // namespace mist

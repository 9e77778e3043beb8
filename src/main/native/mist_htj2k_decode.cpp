// Isolated HTJ2K decoder: decodes a codestream MIST did not write, in a process of its own, so that an
// OpenJPH assertion, crash or endless loop on hostile input costs a child process, never the service.
//
//   mist-htj2k-decode SKIP MAX_MEMORY_BYTES < codestream > frame
//
// Output: five little-endian int32 (width, height, components, bit depth, signed), then the samples,
// interleaved, little-endian, 1 byte each up to 8 bits, else 2. On failure: the reason on stderr, exit 2.
#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

#include "ojph_frame.h"

namespace {

void put32(std::vector<unsigned char>& out, size_t at, ojph::ui32 v) {
  for (int i = 0; i < 4; ++i) out[at + i] = (unsigned char)(v >> (8 * i));
}

bool write_all(const unsigned char* p, size_t n) {
  while (n > 0) {
    ssize_t w = write(STDOUT_FILENO, p, n);
    if (w <= 0) return false;
    p += w;
    n -= (size_t)w;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: mist-htj2k-decode SKIP MAX_MEMORY_BYTES < codestream > frame\n");
    return 2;
  }
  // A header may claim any size: past this address-space cap allocation fails with bad_alloc.
  rlimit cap{(rlim_t)strtoull(argv[2], nullptr, 10), (rlim_t)strtoull(argv[2], nullptr, 10)};
  setrlimit(RLIMIT_AS, &cap);
  mist::install_handlers();
  std::vector<unsigned char> input;
  unsigned char chunk[65536];
  ssize_t n;
  while ((n = read(STDIN_FILENO, chunk, sizeof chunk)) > 0) input.insert(input.end(), chunk, chunk + n);
  try {
    mist::MemoryInfile in(input.size(), false);
    in.bind(input.data());
    ojph::codestream cs;
    mist::FrameFormat f = mist::open_frame(cs, &in, (ojph::ui32)atoi(argv[1]));
    const size_t bytes = f.bits > 8 ? 2 : 1;
    std::vector<unsigned char> out(20 + f.samples() * bytes);
    put32(out, 0, f.width);
    put32(out, 4, f.height);
    put32(out, 8, f.components);
    put32(out, 12, f.bits);
    put32(out, 16, f.is_signed ? 1 : 0);
    unsigned char* samples = out.data() + 20;
    ojph::si32 lo, hi;
    mist::sample_range(f, lo, hi);
    mist::pull_frame(cs, f, [&](size_t y, size_t c, const ojph::si32* row) {
      for (size_t x = 0; x < f.width; ++x) {
        ojph::si32 v = std::min(hi, std::max(lo, row[x]));
        size_t i = ((y * f.width + x) * f.components + c) * bytes;
        samples[i] = (unsigned char)v;
        if (bytes == 2) samples[i + 1] = (unsigned char)(v >> 8);
      }
    });
    return write_all(out.data(), out.size()) ? 0 : 3;
  } catch (const std::exception& e) {
    fprintf(stderr, "%s\n", mist::message(e).c_str());
    return 2;
  }
}

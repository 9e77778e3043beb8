// The native limit for the codec benchmark: the same OpenJPH calls as the JNI library (same encode
// parameters, same line loops), with no JVM in between.
//   ojph-bench REPS frame.raw...   (frame: 5 LE int32 w, h, components, bits, signed; LE samples)
// Prints one line per operation: name, median ms per repetition over all frames, frames, pixels.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <vector>

#include "ojph_frame.h"

namespace {

struct Frame {
  int w, h, c, bits, is_signed;
  std::vector<int32_t> samples;  // interleaved
  std::vector<ojph::ui8> codestream;
};

class VecOut : public ojph::outfile_base {
 public:
  std::vector<ojph::ui8> data;
  size_t write(const void* p, size_t n) override {
    data.insert(data.end(), (const ojph::ui8*)p, (const ojph::ui8*)p + n);
    return n;
  }
  ojph::si64 tell() override { return (ojph::si64)data.size(); }
};

int levels_for(int w, int h) {
  int shorter = std::min(w, h);
  if (shorter < 2) return 0;
  int n = 0;
  while (shorter > (64L << n)) n++;
  return std::max(1, n);
}

Frame load(const char* path) {
  std::ifstream in(path, std::ios::binary);
  int32_t head[5];
  in.read((char*)head, sizeof head);
  Frame f{head[0], head[1], head[2], head[3], head[4], {}, {}};
  size_t n = (size_t)f.w * f.h * f.c;
  f.samples.resize(n);
  int bytes = f.bits > 8 ? 2 : 1;
  std::vector<unsigned char> raw(n * bytes);
  in.read((char*)raw.data(), (std::streamsize)raw.size());
  for (size_t i = 0; i < n; ++i) {
    if (bytes == 1) f.samples[i] = f.is_signed ? (int8_t)raw[i] : raw[i];
    else {
      uint16_t u = (uint16_t)(raw[2 * i] | raw[2 * i + 1] << 8);
      f.samples[i] = f.is_signed ? (int16_t)u : u;
    }
  }
  return f;
}

std::vector<ojph::ui8> encode(const Frame& f) {
  ojph::codestream cs;
  ojph::param_siz siz = cs.access_siz();
  siz.set_image_extent(ojph::point(f.w, f.h));
  siz.set_num_components(f.c);
  for (int c = 0; c < f.c; ++c) siz.set_component(c, ojph::point(1, 1), f.bits, f.is_signed);
  siz.set_image_offset(ojph::point(0, 0));
  siz.set_tile_size(ojph::size(0, 0));
  siz.set_tile_offset(ojph::point(0, 0));
  ojph::param_cod cod = cs.access_cod();
  cod.set_num_decomposition(levels_for(f.w, f.h));
  cod.set_block_dims(64, 64);
  cod.set_progression_order("RPCL");
  cod.set_color_transform(f.c == 3);
  cod.set_reversible(true);
  cs.set_planar(false);
  VecOut out;
  cs.write_headers(&out);
  ojph::ui32 comp = 0;
  ojph::line_buf* line = cs.exchange(nullptr, comp);
  for (int y = 0; y < f.h; ++y)
    for (int c = 0; c < f.c; ++c) {
      const int32_t* row = f.samples.data() + (size_t)y * f.w * f.c;
      for (int x = 0; x < f.w; ++x) line->i32[x] = row[(size_t)x * f.c + comp];
      line = cs.exchange(line, comp);
    }
  cs.flush();
  cs.close();
  return out.data;
}

size_t decode(const Frame& f, int skip, std::vector<int16_t>& out) {
  mist::MemoryInfile in(f.codestream.size(), false);
  in.bind(f.codestream.data());
  ojph::codestream cs;
  mist::FrameFormat fmt = mist::open_frame(cs, &in, (ojph::ui32)skip);
  out.resize(fmt.samples());
  ojph::si32 lo, hi;
  mist::sample_range(fmt, lo, hi);
  mist::pull_frame(cs, fmt, [&](size_t y, size_t c, const ojph::si32* row) {
    mist::store_clamped(out.data() + y * fmt.width * fmt.components + c, fmt.components, row, fmt.width, lo, hi);
  });
  return fmt.samples();
}

template <class F>
double median_ms(int reps, F op) {
  std::vector<double> t;
  for (int r = 0; r < reps; ++r) {
    auto a = std::chrono::steady_clock::now();
    op();
    t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  mist::install_handlers();
  int reps = atoi(argv[1]);
  std::vector<Frame> frames;
  size_t pixels = 0;
  for (int i = 2; i < argc; ++i) {
    frames.push_back(load(argv[i]));
    frames.back().codestream = encode(frames.back());
    pixels += (size_t)frames.back().w * frames.back().h;
  }
  std::vector<int16_t> buf;
  double enc = median_ms(reps, [&] { for (auto& f : frames) f.codestream = encode(f); });
  double dec0 = median_ms(reps, [&] { for (auto& f : frames) decode(f, 0, buf); });
  double dec1 = median_ms(reps, [&] { for (auto& f : frames) decode(f, 1, buf); });
  printf("encode\t%.3f\t%zu\t%zu\n", enc, frames.size(), pixels);
  printf("decode-level0\t%.3f\t%zu\t%zu\n", dec0, frames.size(), pixels);
  printf("decode-level1\t%.3f\t%zu\t%zu\n", dec1, frames.size(), pixels);
  return 0;
}

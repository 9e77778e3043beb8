// Isolated decoder for compressed pixel data MIST did not write (HTJ2K, JPEG 2000, JPEG-LS arriving in
// DICOM files), in a process of its own: an assertion, crash or endless loop of a C decoder on hostile
// input costs a child process, never the service.
//
//   mist-decode htj2k|j2k|jpegls SKIP MAX_MEMORY_BYTES < codestream > frame
//
// SKIP (resolution levels to drop) applies to htj2k only. Output: five little-endian int32 (width, height,
// components, bit depth, signed), then the samples, interleaved, little-endian, 1 byte each up to 8 bits,
// else 2. On failure: the reason on stderr, exit 2.
#include <sys/resource.h>
#include <unistd.h>

#include <charls/charls.h>
#include <openjpeg.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "ojph_frame.h"

namespace {

using Bytes = std::vector<unsigned char>;

struct Frame {
  unsigned width = 0, height = 0, components = 0, bits = 0;
  bool is_signed = false;
  Bytes out;  // header + samples

  unsigned char* allocate() {
    const size_t bytes = bits > 8 ? 2 : 1;
    out.assign(20 + (size_t)width * height * components * bytes, 0);
    unsigned v[5] = {width, height, components, bits, is_signed ? 1u : 0u};
    for (int k = 0; k < 5; ++k)
      for (int i = 0; i < 4; ++i) out[4 * k + i] = (unsigned char)(v[k] >> (8 * i));
    return out.data() + 20;
  }
};

void put_sample(unsigned char* samples, size_t i, size_t bytes, int v) {
  samples[i * bytes] = (unsigned char)v;
  if (bytes == 2) samples[i * bytes + 1] = (unsigned char)(v >> 8);
}

Frame decode_htj2k(const Bytes& input, unsigned skip) {
  mist::install_handlers();
  mist::MemoryInfile in(input.size(), false);
  in.bind(input.data());
  ojph::codestream cs;
  mist::FrameFormat f = mist::open_frame(cs, &in, skip);
  Frame frame;
  frame.width = f.width;
  frame.height = f.height;
  frame.components = f.components;
  frame.bits = f.bits;
  frame.is_signed = f.is_signed;
  unsigned char* samples = frame.allocate();
  const size_t bytes = f.bits > 8 ? 2 : 1;
  ojph::si32 lo, hi;
  mist::sample_range(f, lo, hi);
  mist::pull_frame(cs, f, [&](size_t y, size_t c, const ojph::si32* row) {
    for (size_t x = 0; x < f.width; ++x)
      put_sample(samples, (y * f.width + x) * f.components + c, bytes, std::min(hi, std::max(lo, row[x])));
  });
  return frame;
}

// OpenJPEG reads from memory through these callbacks.
struct Source {
  const Bytes* data;
  size_t at;
};

OPJ_SIZE_T opj_read(void* buf, OPJ_SIZE_T n, void* user) {
  Source* s = static_cast<Source*>(user);
  if (s->at >= s->data->size()) return (OPJ_SIZE_T)-1;
  n = std::min(n, s->data->size() - s->at);
  memcpy(buf, s->data->data() + s->at, n);
  s->at += n;
  return n;
}

OPJ_OFF_T opj_skip(OPJ_OFF_T n, void* user) {
  Source* s = static_cast<Source*>(user);
  if (n < 0 || (size_t)n > s->data->size() - s->at) return -1;
  s->at += (size_t)n;
  return n;
}

OPJ_BOOL opj_seek(OPJ_OFF_T n, void* user) {
  Source* s = static_cast<Source*>(user);
  if (n < 0 || (size_t)n > s->data->size()) return OPJ_FALSE;
  s->at = (size_t)n;
  return OPJ_TRUE;
}

std::string opj_text;
void opj_error(const char* msg, void*) {
  if (opj_text.size() < 1024) opj_text += msg;
}

Frame decode_j2k(const Bytes& input) {
  // A JP2 file (some DICOM writers wrap the codestream) starts with a signature box, not SOC.
  const bool jp2 = input.size() > 12 && input[0] == 0 && input[3] == 12 && input[4] == 'j' && input[5] == 'P';
  opj_codec_t* codec = opj_create_decompress(jp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K);
  opj_set_error_handler(codec, opj_error, nullptr);
  opj_dparameters_t params;
  opj_set_default_decoder_parameters(&params);
  opj_setup_decoder(codec, &params);
  Source src{&input, 0};
  opj_stream_t* stream = opj_stream_default_create(OPJ_TRUE);
  opj_stream_set_user_data(stream, &src, nullptr);
  opj_stream_set_user_data_length(stream, input.size());
  opj_stream_set_read_function(stream, opj_read);
  opj_stream_set_skip_function(stream, opj_skip);
  opj_stream_set_seek_function(stream, opj_seek);
  opj_image_t* image = nullptr;
  bool ok = opj_read_header(stream, codec, &image) && opj_decode(codec, stream, image) &&
            opj_end_decompress(codec, stream);
  opj_stream_destroy(stream);
  opj_destroy_codec(codec);
  if (!ok || image == nullptr) {
    if (image) opj_image_destroy(image);
    throw std::runtime_error("JPEG 2000 decode failed: " + (opj_text.empty() ? std::string("corrupt codestream") : opj_text));
  }
  Frame frame;
  frame.components = image->numcomps;
  const opj_image_comp_t& c0 = image->comps[0];
  frame.width = c0.w;
  frame.height = c0.h;
  frame.bits = c0.prec;
  frame.is_signed = c0.sgnd != 0;
  for (unsigned c = 1; c < image->numcomps; ++c) {
    const opj_image_comp_t& ci = image->comps[c];
    if (ci.w != c0.w || ci.h != c0.h || ci.prec != c0.prec || ci.sgnd != c0.sgnd) {
      opj_image_destroy(image);
      throw std::runtime_error("JPEG 2000 components differ in size or precision (subsampled colour is not supported)");
    }
  }
  if (frame.bits < 1 || frame.bits > 16 || (frame.components != 1 && frame.components != 3)) {
    opj_image_destroy(image);
    throw std::runtime_error("JPEG 2000 image has " + std::to_string(frame.components) + " components of " +
                             std::to_string(frame.bits) + " bits: only 1 or 3 components of up to 16 bits");
  }
  unsigned char* samples = frame.allocate();
  const size_t bytes = frame.bits > 8 ? 2 : 1;
  const size_t n = (size_t)frame.width * frame.height;
  for (unsigned c = 0; c < frame.components; ++c)
    for (size_t i = 0; i < n; ++i) put_sample(samples, i * frame.components + c, bytes, image->comps[c].data[i]);
  opj_image_destroy(image);
  return frame;
}

Frame decode_jpegls_once(const Bytes& input) {
  charls_jpegls_decoder* d = charls_jpegls_decoder_create();
  charls_frame_info info{};
  charls_interleave_mode mode{};
  size_t size = 0;
  charls_jpegls_errc ec = charls_jpegls_decoder_set_source_buffer(d, input.data(), input.size());
  if (ec == charls::jpegls_errc::success) ec = charls_jpegls_decoder_read_header(d);
  if (ec == charls::jpegls_errc::success) ec = charls_jpegls_decoder_get_frame_info(d, &info);
  if (ec == charls::jpegls_errc::success) ec = charls_jpegls_decoder_get_interleave_mode(d, &mode);
  if (ec == charls::jpegls_errc::success && (info.bits_per_sample < 2 || info.bits_per_sample > 16 ||
                                           (info.component_count != 1 && info.component_count != 3))) {
    charls_jpegls_decoder_destroy(d);
    throw std::runtime_error("JPEG-LS image has " + std::to_string(info.component_count) + " components of " +
                             std::to_string(info.bits_per_sample) + " bits: only 1 or 3 of up to 16 bits");
  }
  if (ec == charls::jpegls_errc::success) ec = charls_jpegls_decoder_get_destination_size(d, 0, &size);
  Bytes raw;
  if (ec == charls::jpegls_errc::success) {
    raw.resize(size);
    ec = charls_jpegls_decoder_decode_to_buffer(d, raw.data(), raw.size(), 0);
  }
  charls_jpegls_decoder_destroy(d);
  if (ec != charls::jpegls_errc::success) {
    throw std::runtime_error(std::string("JPEG-LS decode failed: ") + charls_get_error_message(ec));
  }
  Frame frame;
  frame.width = info.width;
  frame.height = info.height;
  frame.components = (unsigned)info.component_count;
  frame.bits = (unsigned)info.bits_per_sample;
  unsigned char* samples = frame.allocate();
  const size_t bytes = frame.bits > 8 ? 2 : 1;
  const size_t pixels = (size_t)frame.width * frame.height;
  if (frame.components == 1 || mode != charls::interleave_mode::none) {
    memcpy(samples, raw.data(), std::min(raw.size(), pixels * frame.components * bytes));
  } else {  // planes one after another: interleave them
    for (unsigned c = 0; c < 3; ++c)
      for (size_t i = 0; i < pixels; ++i)
        memcpy(samples + (i * 3 + c) * bytes, raw.data() + (c * pixels + i) * bytes, bytes);
  }
  return frame;
}

// Some encoders (the WG04 JPEG-LS images among them) put zero bytes between the end of the scan and
// EOI. CharLS stops there, looking for a marker; DCMTK reads past them. When the stream ends in 00.. FF D9,
// one retry without those zeros.
Frame decode_jpegls(const Bytes& input) {
  try {
    return decode_jpegls_once(input);
  } catch (const std::runtime_error&) {
    size_t n = input.size();
    if (n < 4 || input[n - 2] != 0xFF || input[n - 1] != 0xD9 || input[n - 3] != 0x00) throw;
    size_t end = n - 2;
    while (end > 0 && input[end - 1] == 0x00) --end;
    Bytes trimmed(input.begin(), input.begin() + end);
    trimmed.push_back(0xFF);
    trimmed.push_back(0xD9);
    return decode_jpegls_once(trimmed);
  }
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
  const std::string codec = argc == 4 ? argv[1] : "";
  if (codec != "htj2k" && codec != "j2k" && codec != "jpegls") {
    fprintf(stderr, "usage: mist-decode htj2k|j2k|jpegls SKIP MAX_MEMORY_BYTES < codestream > frame\n");
    return 2;
  }
  // A header may claim any size: past this address-space cap allocation fails with bad_alloc.
  const rlim_t cap_bytes = (rlim_t)strtoull(argv[3], nullptr, 10);
  rlimit cap{cap_bytes, cap_bytes};
  setrlimit(RLIMIT_AS, &cap);
  Bytes input;
  unsigned char chunk[65536];
  ssize_t n;
  while ((n = read(STDIN_FILENO, chunk, sizeof chunk)) > 0) input.insert(input.end(), chunk, chunk + n);
  try {
    Frame frame = codec == "htj2k" ? decode_htj2k(input, (unsigned)atoi(argv[2]))
                  : codec == "j2k" ? decode_j2k(input)
                                   : decode_jpegls(input);
    return write_all(frame.out.data(), frame.out.size()) ? 0 : 3;
  } catch (const std::exception& e) {
    fprintf(stderr, "%s\n", codec == "htj2k" ? mist::message(e).c_str() : e.what());
    return 2;
  } catch (...) {
    fprintf(stderr, "%s decode failed\n", codec.c_str());
    return 2;
  }
}

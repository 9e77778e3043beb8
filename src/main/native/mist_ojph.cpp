// JNI bridge between org.mist.codec.OpenJph and the system OpenJPH library.
//
// Pixels cross the boundary without copies: Java arrays are pinned with
// Get/ReleasePrimitiveArrayCritical and OpenJPH lines are filled from, or written into, them
// directly. Inside a critical region no JNI call is allowed, so every OpenJPH failure is caught
// as a C++ exception, the arrays are released, and only then is a Java exception thrown.
#include <jni.h>

#include <openjph/ojph_arch.h>
#include <openjph/ojph_codestream.h>
#include <openjph/ojph_file.h>
#include <openjph/ojph_mem.h>
#include <openjph/ojph_message.h>
#include <openjph/ojph_params.h>
#include <openjph/ojph_version.h>

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

#define MIST_OJPH_AT_LEAST(maj, min) \
  (OPENJPH_VERSION_MAJOR > (maj) || (OPENJPH_VERSION_MAJOR == (maj) && OPENJPH_VERSION_MINOR >= (min)))

namespace {

// OpenJPH reports errors through a global handler that prints to stderr and throws a bare
// "ojph error". This one keeps the text in the exception instead.
class ThrowingError : public ojph::message_error {
 public:
  void operator()(int code, const char* file, int line, const char* fmt, ...) override {
    char text[512];
    va_list args;
    va_start(args, fmt);
    vsnprintf(text, sizeof text, fmt, args);
    va_end(args);
    char full[700];
    snprintf(full, sizeof full, "OpenJPH error 0x%x (%s:%d): %s", code, file, line, text);
    throw std::runtime_error(full);
  }
};

class SilentWarning : public ojph::message_warning {
 public:
  void operator()(int, const char*, int, const char*, ...) override {}
};

ThrowingError g_error;
SilentWarning g_warning;

// Reads a codestream held in a pinned Java array, optionally as a prefix followed by a virtual
// EOC marker, so a level-k prefix decodes without copying it. The data pointer can be rebound
// when the array is pinned again (the GC may move it in between); the read position is kept.
class ArrayInfile : public ojph::infile_base {
 public:
  ArrayInfile(size_t length, bool append_eoc) : length_(length), total_(length + (append_eoc ? 2 : 0)) {}
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

// Growable output buffer (OpenJPH 0.9's mem_outfile has no way to release its buffer to us).
class VectorOutfile : public ojph::outfile_base {
 public:
  ~VectorOutfile() override { free(buf_); }
  size_t write(const void* ptr, size_t size) override {
    if (len_ + size > cap_) {
      size_t cap = cap_ ? cap_ : 65536;
      while (cap < len_ + size) cap *= 2;
      auto* grown = static_cast<ojph::ui8*>(realloc(buf_, cap));
      if (!grown) throw std::runtime_error("out of native memory for the codestream");
      buf_ = grown;
      cap_ = cap;
    }
    memcpy(buf_ + len_, ptr, size);
    len_ += size;
    return size;
  }
  ojph::si64 tell() override { return (ojph::si64)len_; }
  const ojph::ui8* data() const { return buf_; }
  size_t size() const { return len_; }

 private:
  ojph::ui8* buf_ = nullptr;
  size_t len_ = 0, cap_ = 0;
};

void throwJava(JNIEnv* env, const char* cls, const std::string& msg) {
  jclass c = env->FindClass(cls);
  if (c) env->ThrowNew(c, msg.c_str());
}

const char* kCodecException = "org/mist/codec/CodecException";

// Pins a primitive array for the lifetime of the object (or until release()).
class Pinned {
 public:
  Pinned(JNIEnv* env, jarray array) : env_(env), array_(array) {
    ptr_ = env->GetPrimitiveArrayCritical(array, nullptr);
  }
  ~Pinned() { release(); }
  void release() {
    if (ptr_) env_->ReleasePrimitiveArrayCritical(array_, ptr_, 0);
    ptr_ = nullptr;
  }
  void* get() const { return ptr_; }

 private:
  JNIEnv* env_;
  jarray array_;
  void* ptr_;
};

// Sample index of (x, y, c) in an interleaved (c fastest) or planar (plane after plane) array.
inline size_t sampleIndex(bool planar, size_t w, size_t h, size_t comps, size_t x, size_t y, size_t c) {
  return planar ? (c * h + y) * w + x : (y * w + x) * comps + c;
}

}  // namespace

extern "C" {

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM*, void*) {
  ojph::configure_error(&g_error);
  ojph::configure_warning(&g_warning);
  return JNI_VERSION_1_8;
}

JNIEXPORT jstring JNICALL Java_org_mist_codec_OpenJph_version(JNIEnv* env, jclass) {
  char v[32];
  snprintf(v, sizeof v, "%d.%d.%d", OPENJPH_VERSION_MAJOR, OPENJPH_VERSION_MINOR, OPENJPH_VERSION_PATCH);
  return env->NewStringUTF(v);
}

JNIEXPORT jboolean JNICALL Java_org_mist_codec_OpenJph_canWriteTileParts(JNIEnv*, jclass) {
  return MIST_OJPH_AT_LEAST(0, 18) ? JNI_TRUE : JNI_FALSE;
}

// samples: byte[] (bytesPerSample 1) or short[] (2), interleaved or planar.
JNIEXPORT jbyteArray JNICALL Java_org_mist_codec_OpenJph_encode(
    JNIEnv* env, jclass, jarray samples, jint bytesPerSample, jint width, jint height, jint comps,
    jint bitDepth, jboolean isSigned, jboolean planar, jint levels, jboolean colorTransform,
    jboolean tilePartsByResolution) {
  const size_t w = (size_t)width, h = (size_t)height, nc = (size_t)comps;
  if ((size_t)env->GetArrayLength(samples) < w * h * nc) {
    throwJava(env, "java/lang/IllegalArgumentException", "sample array shorter than width*height*components");
    return nullptr;
  }
  std::string error;
  VectorOutfile out;
  {
    Pinned pin(env, samples);
    if (!pin.get()) return nullptr;  // OutOfMemoryError pending
    try {
      ojph::codestream cs;
      ojph::param_siz siz = cs.access_siz();
      siz.set_image_extent(ojph::point((ojph::ui32)width, (ojph::ui32)height));
      siz.set_num_components((ojph::ui32)comps);
      for (ojph::ui32 c = 0; c < (ojph::ui32)comps; ++c)
        siz.set_component(c, ojph::point(1, 1), (ojph::ui32)bitDepth, isSigned);
      siz.set_image_offset(ojph::point(0, 0));
      siz.set_tile_size(ojph::size(0, 0));
      siz.set_tile_offset(ojph::point(0, 0));
      ojph::param_cod cod = cs.access_cod();
      cod.set_num_decomposition((ojph::ui32)levels);
      cod.set_block_dims(64, 64);
      cod.set_progression_order("RPCL");
      cod.set_color_transform(colorTransform && comps == 3);
      cod.set_reversible(true);
      if (tilePartsByResolution) {
#if MIST_OJPH_AT_LEAST(0, 18)
        cs.set_tilepart_divisions(true, false);
        cs.request_tlm_marker(true);
#else
        throw std::runtime_error("this OpenJPH cannot write tile-parts by resolution");
#endif
      }
      cs.set_planar(false);
      cs.write_headers(&out);

      const auto* u8 = static_cast<const jbyte*>(pin.get());
      const auto* s16 = static_cast<const jshort*>(pin.get());
      ojph::ui32 comp = 0;
      ojph::line_buf* line = cs.exchange(nullptr, comp);
      for (size_t y = 0; y < h; ++y) {
        for (size_t c = 0; c < nc; ++c) {
          ojph::si32* dst = line->i32;
          for (size_t x = 0; x < w; ++x) {
            size_t i = sampleIndex(planar, w, h, nc, x, y, comp);
            if (bytesPerSample == 1)
              dst[x] = isSigned ? (ojph::si32)u8[i] : (ojph::si32)(ojph::ui8)u8[i];
            else
              dst[x] = isSigned ? (ojph::si32)s16[i] : (ojph::si32)(ojph::ui16)s16[i];
          }
          line = cs.exchange(line, comp);
        }
      }
      cs.flush();
      cs.close();
    } catch (const std::exception& e) {
      error = e.what();
    }
  }
  if (!error.empty()) {
    throwJava(env, kCodecException, "encode failed: " + error);
    return nullptr;
  }
  jbyteArray result = env->NewByteArray((jsize)out.size());
  if (result) env->SetByteArrayRegion(result, 0, (jsize)out.size(), reinterpret_cast<const jbyte*>(out.data()));
  return result;
}

// Decodes codestream[0, length) (plus a virtual EOC when appendEoc) with `skip` resolution levels
// dropped. info receives {width, height, components, bitDepth, signed}. Returns byte[] when the bit
// depth is <= 8, else short[], interleaved or planar; reduced samples are clamped into range.
JNIEXPORT jarray JNICALL Java_org_mist_codec_OpenJph_decode(
    JNIEnv* env, jclass, jbyteArray codestream, jint length, jboolean appendEoc, jint skip,
    jboolean planar, jintArray info) {
  if (length < 0 || length > env->GetArrayLength(codestream)) {
    throwJava(env, "java/lang/IllegalArgumentException", "length outside the codestream array");
    return nullptr;
  }
  std::string error;
  ArrayInfile in((size_t)length, appendEoc);
  ojph::codestream cs;
  jint meta[5] = {0, 0, 0, 0, 0};
  try {
    Pinned pin(env, codestream);
    if (!pin.get()) return nullptr;
    in.bind(static_cast<const ojph::ui8*>(pin.get()));
    cs.read_headers(&in);
    ojph::param_siz siz = cs.access_siz();
    ojph::param_cod cod = cs.access_cod();
    if ((ojph::ui32)skip > cod.get_num_decompositions())
      throw std::runtime_error("skip " + std::to_string(skip) + " exceeds the " +
                               std::to_string(cod.get_num_decompositions()) + " decomposition levels");
    cs.restrict_input_resolution((ojph::ui32)skip, (ojph::ui32)skip);
    const ojph::ui32 nc = siz.get_num_components();
    for (ojph::ui32 c = 0; c < nc; ++c) {
      ojph::point ds = siz.get_downsampling(c);
      if (ds.x != 1 || ds.y != 1) throw std::runtime_error("subsampled components are not supported");
      if (siz.get_bit_depth(c) != siz.get_bit_depth(0) || siz.is_signed(c) != siz.is_signed(0))
        throw std::runtime_error("components with different sample formats are not supported");
    }
    if (siz.get_bit_depth(0) > 16) throw std::runtime_error("bit depth above 16 is not supported");
    meta[0] = (jint)siz.get_recon_width(0);
    meta[1] = (jint)siz.get_recon_height(0);
    meta[2] = (jint)nc;
    meta[3] = (jint)siz.get_bit_depth(0);
    meta[4] = siz.is_signed(0) ? 1 : 0;
  } catch (const std::exception& e) {
    error = e.what();
  }
  if (!error.empty()) {
    throwJava(env, kCodecException, "decode failed: " + error);
    return nullptr;
  }
  const size_t w = (size_t)meta[0], h = (size_t)meta[1], nc = (size_t)meta[2];
  const int bits = meta[3];
  const bool isSigned = meta[4] != 0;
  const size_t total = w * h * nc;
  if (total > (size_t)0x7fffffff) {
    throwJava(env, kCodecException, "decoded image too large for one Java array");
    return nullptr;
  }
  const bool wide = bits > 8;
  jarray out = wide ? (jarray)env->NewShortArray((jsize)total) : (jarray)env->NewByteArray((jsize)total);
  if (!out) return nullptr;
  const ojph::si32 lo = isSigned ? -(1 << (bits - 1)) : 0;
  const ojph::si32 hi = isSigned ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
  try {
    Pinned src(env, codestream);
    Pinned dst(env, out);
    if (!src.get() || !dst.get()) throw std::runtime_error("cannot pin the Java arrays");
    in.bind(static_cast<const ojph::ui8*>(src.get()));
    cs.set_planar(false);
    cs.create();
    auto* d8 = static_cast<jbyte*>(dst.get());
    auto* d16 = static_cast<jshort*>(dst.get());
    for (size_t y = 0; y < h; ++y) {
      for (size_t c = 0; c < nc; ++c) {
        ojph::ui32 comp = 0;
        ojph::line_buf* line = cs.pull(comp);
        const ojph::si32* s = line->i32;
        for (size_t x = 0; x < w; ++x) {
          ojph::si32 v = s[x] < lo ? lo : (s[x] > hi ? hi : s[x]);
          size_t i = sampleIndex(planar, w, h, nc, x, y, comp);
          if (wide) d16[i] = (jshort)v;
          else d8[i] = (jbyte)v;
        }
      }
    }
    cs.close();
  } catch (const std::exception& e) {
    error = e.what();
  }
  if (!error.empty()) {
    throwJava(env, kCodecException, "decode failed: " + error);
    return nullptr;
  }
  env->SetIntArrayRegion(info, 0, 5, meta);
  return out;
}

}  // extern "C"

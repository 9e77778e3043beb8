// JNI bridge between org.mist.codec.OpenJph and the system OpenJPH library.
//
// Pixels cross the boundary without copies: Java arrays are pinned with
// Get/ReleasePrimitiveArrayCritical and OpenJPH lines are filled from, or written into, them
// directly. Inside a critical region no JNI call is allowed, so every OpenJPH failure is caught
// as a C++ exception, the arrays are released, and only then is a Java exception thrown.
// Only codestreams MIST wrote and verified come here: OpenJPH asserts or loops on some hostile
// input, so untrusted streams go to the isolated decoder (mist_htj2k_decode.cpp) instead.
#include <jni.h>

#include "ojph_frame.h"

namespace {

const char* kCodecException = "org/mist/codec/CodecException";

// Growable output buffer (OpenJPH 0.9's mem_outfile has no way to hand its buffer over).
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

// Pins a primitive array until release() or the end of the scope.
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

// One line of one component into OpenJPH's buffer: src[0], src[step], ... as signed or unsigned words. The
// format's branches stay outside the loops, so each loop is a plain widening copy the compiler vectorizes.
template <typename T, typename Unsigned>
inline void fillLine(ojph::si32* dst, const T* src, size_t step, size_t w, bool isSigned) {
  if (isSigned) {
    if (step == 1)
      for (size_t x = 0; x < w; ++x) dst[x] = (ojph::si32)src[x];
    else
      for (size_t x = 0; x < w; ++x) dst[x] = (ojph::si32)src[x * step];
  } else {
    if (step == 1)
      for (size_t x = 0; x < w; ++x) dst[x] = (ojph::si32)(Unsigned)src[x];
    else
      for (size_t x = 0; x < w; ++x) dst[x] = (ojph::si32)(Unsigned)src[x * step];
  }
}

}  // namespace

extern "C" {

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM*, void*) {
  mist::install_handlers();
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
      const size_t step = planar ? 1 : nc;
      ojph::ui32 comp = 0;
      ojph::line_buf* line = cs.exchange(nullptr, comp);
      for (size_t y = 0; y < h; ++y) {
        for (size_t c = 0; c < nc; ++c) {
          const size_t first = sampleIndex(planar, w, h, nc, 0, y, comp);
          if (bytesPerSample == 1)
            fillLine<jbyte, ojph::ui8>(line->i32, u8 + first, step, w, isSigned);
          else
            fillLine<jshort, ojph::ui16>(line->i32, s16 + first, step, w, isSigned);
          line = cs.exchange(line, comp);
        }
      }
      cs.flush();
      cs.close();
    } catch (const std::exception& e) {
      error = mist::message(e);
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
// depth is <= 8, else short[], interleaved or planar.
JNIEXPORT jarray JNICALL Java_org_mist_codec_OpenJph_decode(
    JNIEnv* env, jclass, jbyteArray codestream, jint length, jboolean appendEoc, jint skip,
    jboolean planar, jintArray info) {
  if (length < 0 || length > env->GetArrayLength(codestream)) {
    throwJava(env, "java/lang/IllegalArgumentException", "length outside the codestream array");
    return nullptr;
  }
  std::string error;
  mist::MemoryInfile in((size_t)length, appendEoc);
  ojph::codestream cs;
  mist::FrameFormat f{};
  try {
    // Headers first, to size the Java array; it cannot be allocated while anything is pinned.
    Pinned pin(env, codestream);
    if (!pin.get()) return nullptr;
    in.bind(static_cast<const ojph::ui8*>(pin.get()));
    f = mist::open_frame(cs, &in, (ojph::ui32)skip);
  } catch (const std::exception& e) {
    error = mist::message(e);
  }
  if (error.empty() && f.samples() > (size_t)0x7fffffff) error = "decoded image too large for one Java array";
  if (!error.empty()) {
    throwJava(env, kCodecException, "decode failed: " + error);
    return nullptr;
  }
  const bool wide = f.bits > 8;
  jarray out = wide ? (jarray)env->NewShortArray((jsize)f.samples()) : (jarray)env->NewByteArray((jsize)f.samples());
  if (!out) return nullptr;
  try {
    Pinned src(env, codestream);
    Pinned dst(env, out);
    if (!src.get() || !dst.get()) throw std::runtime_error("cannot pin the Java arrays");
    in.bind(static_cast<const ojph::ui8*>(src.get()));
    auto* d8 = static_cast<jbyte*>(dst.get());
    auto* d16 = static_cast<jshort*>(dst.get());
    const size_t w = f.width, h = f.height, nc = f.components;
    const size_t stride = planar ? 1 : nc;
    ojph::si32 lo, hi;
    mist::sample_range(f, lo, hi);
    mist::pull_frame(cs, f, [&](size_t y, size_t c, const ojph::si32* row) {
      size_t start = sampleIndex(planar, w, h, nc, 0, y, c);
      if (wide) mist::store_clamped(d16 + start, stride, row, w, lo, hi);
      else mist::store_clamped(d8 + start, stride, row, w, lo, hi);
    });
  } catch (const std::exception& e) {
    error = mist::message(e);
  }
  if (!error.empty()) {
    throwJava(env, kCodecException, "decode failed: " + error);
    return nullptr;
  }
  jint meta[5] = {(jint)f.width, (jint)f.height, (jint)f.components, (jint)f.bits, f.is_signed ? 1 : 0};
  env->SetIntArrayRegion(info, 0, 5, meta);
  return out;
}

}  // extern "C"

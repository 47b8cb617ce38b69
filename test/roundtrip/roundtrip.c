// Round-trip fixture of the layout engine (driven by roundtrip.test.ts and friends).
//
// For every kind of descriptor there is a C type here, written the way a C or Rust
// compiler lays it out, and three functions:
//   T    rt_<T>(T v)                         takes the value by value, returns it changed;
//   void rt_<T>_ptr(const T *in, T *out)     reads it through a pointer, writes the changed value;
//   size_t rt_<T>_size(void), rt_<T>_align(void).
// "Changed" is deterministic, so an unchanged echo fails the test: every integer + 1
// (wrapping), every float + 1, every bool negated, every data pointer + 1 byte, a
// function pointer swapped between add_i32 and mul_i32; an enum keeps a data variant
// and changes its fields, and turns a unit variant into the next variant in declaration
// order with zeroed fields. test/roundtrip/bump.ts is the same rule in JS.
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))

// Wrapping increments (signed overflow is undefined in C, so go through unsigned).
static inline uint8_t inc_u8(uint8_t x) { return (uint8_t)(x + 1u); }
static inline uint16_t inc_u16(uint16_t x) { return (uint16_t)(x + 1u); }
static inline uint32_t inc_u32(uint32_t x) { return x + 1u; }
static inline uint64_t inc_u64(uint64_t x) { return x + 1u; }
static inline int8_t inc_i8(int8_t x) { return (int8_t)(uint8_t)((uint8_t)x + 1u); }
static inline int16_t inc_i16(int16_t x) { return (int16_t)(uint16_t)((uint16_t)x + 1u); }
static inline int32_t inc_i32(int32_t x) { return (int32_t)((uint32_t)x + 1u); }
static inline int64_t inc_i64(int64_t x) { return (int64_t)((uint64_t)x + 1u); }
static inline uintptr_t inc_usize(uintptr_t x) { return x + 1u; }
static inline intptr_t inc_isize(intptr_t x) { return (intptr_t)((uintptr_t)x + 1u); }
static inline float inc_f32(float x) { return x + 1.0f; }
static inline double inc_f64(double x) { return x + 1.0; }
static inline bool inc_bool(bool x) { return !x; }
#define INC_PTR(p) ((void *)((uintptr_t)(p) + 1u))

// The by-value, by-pointer and layout functions of a type, given a `void bump(T *)`.
#define ROUNDTRIP(NAME, T, BUMP)                                              \
  EXPORT T rt_##NAME(T v) { BUMP(&v); return v; }                             \
  EXPORT void rt_##NAME##_ptr(const T *in, T *out) { T v = *in; BUMP(&v); *out = v; }
#define LAYOUT(NAME, T)                                                       \
  EXPORT size_t rt_##NAME##_size(void) { return sizeof(T); }                 \
  EXPORT size_t rt_##NAME##_align(void) { return _Alignof(T); }

// ---- primitives --------------------------------------------------------------

#define PRIM(NAME, T)                                                         \
  static void bump_##NAME(T *x) { *x = inc_##NAME(*x); }                      \
  ROUNDTRIP(NAME, T, bump_##NAME)                                             \
  LAYOUT(NAME, T)
PRIM(u8, uint8_t)
PRIM(u16, uint16_t)
PRIM(u32, uint32_t)
PRIM(u64, uint64_t)
PRIM(i8, int8_t)
PRIM(i16, int16_t)
PRIM(i32, int32_t)
PRIM(i64, int64_t)
PRIM(usize, uintptr_t)
PRIM(isize, intptr_t)
PRIM(f32, float)
PRIM(f64, double)
// Not PRIM(bool, bool): `bool` is a macro, which would expand to `_Bool` inside ROUNDTRIP.
static void bump_bool(bool *x) { *x = inc_bool(*x); }
EXPORT bool rt_bool(bool v) { bump_bool(&v); return v; }
EXPORT void rt_bool_ptr(const bool *in, bool *out) { bool v = *in; bump_bool(&v); *out = v; }
LAYOUT(bool, bool)

// ---- function pointers and raw pointers ----------------------------------------

typedef int32_t (*binop)(int32_t, int32_t);
static int32_t add_i32(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }
static int32_t mul_i32(int32_t a, int32_t b) { return (int32_t)((uint32_t)a * (uint32_t)b); }
static binop swap_binop(binop f) { return f == add_i32 ? mul_i32 : add_i32; }

/** The address of another C function: 0 -> add_i32, otherwise mul_i32. */
EXPORT binop rt_binop(int32_t which) { return which == 0 ? add_i32 : mul_i32; }
/** Calls a function pointer the caller passes in. */
EXPORT int32_t rt_apply(binop f, int32_t a, int32_t b) { return f(a, b); }
EXPORT binop rt_swap_binop(binop f) { return swap_binop(f); }
EXPORT const void *rt_ptr_add(const void *p, uintptr_t n) { return (const void *)((uintptr_t)p + n); }

// ---- structs -----------------------------------------------------------------

// Every primitive (the JS side adds zero-sized fields at the start, middle and end).
typedef struct {
  uint8_t u8; uint16_t u16; uint32_t u32; uint64_t u64;
  int8_t i8; int16_t i16; int32_t i32; int64_t i64;
  uintptr_t usize; intptr_t isize; float f32; double f64; bool b;
} Prims;
static void bump_Prims(Prims *v) {
  v->u8 = inc_u8(v->u8); v->u16 = inc_u16(v->u16); v->u32 = inc_u32(v->u32); v->u64 = inc_u64(v->u64);
  v->i8 = inc_i8(v->i8); v->i16 = inc_i16(v->i16); v->i32 = inc_i32(v->i32); v->i64 = inc_i64(v->i64);
  v->usize = inc_usize(v->usize); v->isize = inc_isize(v->isize);
  v->f32 = inc_f32(v->f32); v->f64 = inc_f64(v->f64); v->b = inc_bool(v->b);
}
ROUNDTRIP(Prims, Prims, bump_Prims) LAYOUT(Prims, Prims)

// 16 bytes: first eightbyte INTEGER (int + float), second SSE.
typedef struct { int32_t a; float b; double c; } Mixed16;
static void bump_Mixed16(Mixed16 *v) { v->a = inc_i32(v->a); v->b = inc_f32(v->b); v->c = inc_f64(v->c); }
ROUNDTRIP(Mixed16, Mixed16, bump_Mixed16) LAYOUT(Mixed16, Mixed16)

// 16 bytes: SSE then INTEGER.
typedef struct { double d; int64_t i; } FloatInt;
static void bump_FloatInt(FloatInt *v) { v->d = inc_f64(v->d); v->i = inc_i64(v->i); }
ROUNDTRIP(FloatInt, FloatInt, bump_FloatInt) LAYOUT(FloatInt, FloatInt)

// A tuple struct (u8, f64): INTEGER then SSE.
typedef struct { uint8_t _0; double _1; } TupU8F64;
static void bump_TupU8F64(TupU8F64 *v) { v->_0 = inc_u8(v->_0); v->_1 = inc_f64(v->_1); }
ROUNDTRIP(TupU8F64, TupU8F64, bump_TupU8F64) LAYOUT(TupU8F64, TupU8F64)

// 8 bytes of two floats: one SSE register.
typedef struct { float x, y; } Vec2f;
static void bump_Vec2f(Vec2f *v) { v->x = inc_f32(v->x); v->y = inc_f32(v->y); }
ROUNDTRIP(Vec2f, Vec2f, bump_Vec2f) LAYOUT(Vec2f, Vec2f)

// 12 bytes of floats: two SSE registers.
typedef struct { float x, y, z; } Vec3f;
static void bump_Vec3f(Vec3f *v) { v->x = inc_f32(v->x); v->y = inc_f32(v->y); v->z = inc_f32(v->z); }
ROUNDTRIP(Vec3f, Vec3f, bump_Vec3f) LAYOUT(Vec3f, Vec3f)

// Larger than 16 bytes: passed and returned in memory.
typedef struct { double a; uint32_t b; float c; int64_t d; } S24;
static void bump_S24(S24 *v) { v->a = inc_f64(v->a); v->b = inc_u32(v->b); v->c = inc_f32(v->c); v->d = inc_i64(v->d); }
ROUNDTRIP(S24, S24, bump_S24) LAYOUT(S24, S24)

typedef struct { float a[4]; uint64_t b; int16_t c; } S32;
static void bump_S32(S32 *v) {
  for (int i = 0; i < 4; i++) v->a[i] = inc_f32(v->a[i]);
  v->b = inc_u64(v->b); v->c = inc_i16(v->c);
}
ROUNDTRIP(S32, S32, bump_S32) LAYOUT(S32, S32)

typedef struct { uint8_t a; double b; uint16_t c; float d; int64_t e; uint32_t f; } S40;
static void bump_S40(S40 *v) {
  v->a = inc_u8(v->a); v->b = inc_f64(v->b); v->c = inc_u16(v->c);
  v->d = inc_f32(v->d); v->e = inc_i64(v->e); v->f = inc_u32(v->f);
}
ROUNDTRIP(S40, S40, bump_S40) LAYOUT(S40, S40)

typedef struct { uint64_t id; int32_t vals[25]; double tail; bool flag; } Big;
static void bump_Big(Big *v) {
  v->id = inc_u64(v->id);
  for (int i = 0; i < 25; i++) v->vals[i] = inc_i32(v->vals[i]);
  v->tail = inc_f64(v->tail); v->flag = inc_bool(v->flag);
}
ROUNDTRIP(Big, Big, bump_Big) LAYOUT(Big, Big)

// Nested structs and arrays of structs.
typedef struct { Vec2f pos; Mixed16 m; Vec2f path[2]; uint8_t tag; TupU8F64 t; } Nested;
static void bump_Nested(Nested *v) {
  bump_Vec2f(&v->pos); bump_Mixed16(&v->m);
  bump_Vec2f(&v->path[0]); bump_Vec2f(&v->path[1]);
  v->tag = inc_u8(v->tag); bump_TupU8F64(&v->t);
}
ROUNDTRIP(Nested, Nested, bump_Nested) LAYOUT(Nested, Nested)

// Fixed arrays inside a struct, including a 2-D one and one of bool.
typedef struct { uint8_t bytes[3]; uint16_t words[5]; double doubles[2]; int32_t grid[2][2]; bool flags[3]; } Arrays;
static void bump_Arrays(Arrays *v) {
  for (int i = 0; i < 3; i++) v->bytes[i] = inc_u8(v->bytes[i]);
  for (int i = 0; i < 5; i++) v->words[i] = inc_u16(v->words[i]);
  for (int i = 0; i < 2; i++) v->doubles[i] = inc_f64(v->doubles[i]);
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 2; j++) v->grid[i][j] = inc_i32(v->grid[i][j]);
  for (int i = 0; i < 3; i++) v->flags[i] = inc_bool(v->flags[i]);
}
ROUNDTRIP(Arrays, Arrays, bump_Arrays) LAYOUT(Arrays, Arrays)

// 12 bytes by value: the float array is SSE, the byte array INTEGER.
typedef struct { float f[2]; uint8_t b[4]; } SmallArr;
static void bump_SmallArr(SmallArr *v) {
  for (int i = 0; i < 2; i++) v->f[i] = inc_f32(v->f[i]);
  for (int i = 0; i < 4; i++) v->b[i] = inc_u8(v->b[i]);
}
ROUNDTRIP(SmallArr, SmallArr, bump_SmallArr) LAYOUT(SmallArr, SmallArr)

// Raw pointers and a function pointer as fields.
typedef struct { const uint8_t *p; double *m; const void *v; binop f; } Ptrs;
static void bump_Ptrs(Ptrs *v) { v->p = INC_PTR(v->p); v->m = INC_PTR(v->m); v->v = INC_PTR(v->v); v->f = swap_binop(v->f); }
ROUNDTRIP(Ptrs, Ptrs, bump_Ptrs) LAYOUT(Ptrs, Ptrs)

// ---- unions --------------------------------------------------------------------

typedef union { int64_t i; double d; float f; uint8_t bytes[8]; } NumU;
static void bump_NumU_i(NumU *u) { u->i = inc_i64(u->i); }
static void bump_NumU_d(NumU *u) { u->d = inc_f64(u->d); }
static void bump_NumU_f(NumU *u) { u->f = inc_f32(u->f); }
ROUNDTRIP(NumU_i, NumU, bump_NumU_i)
ROUNDTRIP(NumU_d, NumU, bump_NumU_d)
ROUNDTRIP(NumU_f, NumU, bump_NumU_f)
LAYOUT(NumU, NumU)

// 4 bytes, float or int: passed as an integer.
typedef union { float f; uint32_t u; } FU32;
static void bump_FU32_f(FU32 *v) { v->f = inc_f32(v->f); }
static void bump_FU32_u(FU32 *v) { v->u = inc_u32(v->u); }
ROUNDTRIP(FU32_f, FU32, bump_FU32_f)
ROUNDTRIP(FU32_u, FU32, bump_FU32_u)
LAYOUT(FU32, FU32)

// Float members only: passed in an SSE register.
typedef union { double d; float f; } FloatOnly;
static void bump_FloatOnly_d(FloatOnly *v) { v->d = inc_f64(v->d); }
static void bump_FloatOnly_f(FloatOnly *v) { v->f = inc_f32(v->f); }
ROUNDTRIP(FloatOnly_d, FloatOnly, bump_FloatOnly_d)
ROUNDTRIP(FloatOnly_f, FloatOnly, bump_FloatOnly_f)
LAYOUT(FloatOnly, FloatOnly)

// Two floats or one integer in the same eightbyte: INTEGER wins.
typedef union { Vec2f v; uint64_t bits; } VecOrBits;
static void bump_VecOrBits_v(VecOrBits *u) { bump_Vec2f(&u->v); }
static void bump_VecOrBits_bits(VecOrBits *u) { u->bits = inc_u64(u->bits); }
ROUNDTRIP(VecOrBits_v, VecOrBits, bump_VecOrBits_v)
ROUNDTRIP(VecOrBits_bits, VecOrBits, bump_VecOrBits_bits)
LAYOUT(VecOrBits, VecOrBits)

// A union beside the field that says which member is live (0 i, 1 d, 2 f, 3 bytes).
typedef struct { uint32_t which; NumU u; } Tagged;
static void bump_Tagged(Tagged *v) {
  switch (v->which) {
    case 0: bump_NumU_i(&v->u); break;
    case 1: bump_NumU_d(&v->u); break;
    case 2: bump_NumU_f(&v->u); break;
    default: for (int i = 0; i < 8; i++) v->u.bytes[i] = inc_u8(v->u.bytes[i]);
  }
  v->which = inc_u32(v->which);
}
ROUNDTRIP(Tagged, Tagged, bump_Tagged) LAYOUT(Tagged, Tagged)

// ---- repr(transparent) ---------------------------------------------------------

typedef double Meters;
static void bump_Meters(Meters *v) { *v = inc_f64(*v); }
ROUNDTRIP(Meters, Meters, bump_Meters) LAYOUT(Meters, Meters)

typedef Vec2f WrappedVec;
ROUNDTRIP(WrappedVec, WrappedVec, bump_Vec2f) LAYOUT(WrappedVec, WrappedVec)

typedef struct { uint32_t id; Meters len; WrappedVec pos; } WithTr;
static void bump_WithTr(WithTr *v) { v->id = inc_u32(v->id); bump_Meters(&v->len); bump_Vec2f(&v->pos); }
ROUNDTRIP(WithTr, WithTr, bump_WithTr) LAYOUT(WithTr, WithTr)

// ---- enums (RFC 2195) ------------------------------------------------------------

// repr(u8), field-less: Red = 1, Green = 2, Blue = 200.
typedef uint8_t Color;
static void bump_Color(Color *c) { *c = *c == 1 ? 2 : *c == 2 ? 200 : 1; }
ROUNDTRIP(Color, Color, bump_Color) LAYOUT(Color, Color)

// repr(C), field-less: Low = -1, Mid = 0, High = 7.
typedef int32_t Level;
static void bump_Level(Level *c) { *c = *c == -1 ? 0 : *c == 0 ? 7 : -1; }
ROUNDTRIP(Level, Level, bump_Level) LAYOUT(Level, Level)

// repr(u8): Circle { r: f64 } = 3, Rect { w: f32, h: f32 } = 4, Empty = 10, Pair(u8, u64) = 11.
typedef union {
  uint8_t tag;
  struct { uint8_t tag; double r; } Circle;
  struct { uint8_t tag; float w, h; } Rect;
  struct { uint8_t tag; uint8_t _0; uint64_t _1; } Pair;
} Shape;
static void bump_Shape(Shape *s) {
  switch (s->tag) {
    case 3: s->Circle.r = inc_f64(s->Circle.r); break;
    case 4: s->Rect.w = inc_f32(s->Rect.w); s->Rect.h = inc_f32(s->Rect.h); break;
    case 10: memset(s, 0, sizeof *s); s->tag = 11; break;
    case 11: s->Pair._0 = inc_u8(s->Pair._0); s->Pair._1 = inc_u64(s->Pair._1); break;
  }
}
ROUNDTRIP(Shape, Shape, bump_Shape) LAYOUT(Shape, Shape)

// repr(u8) whose second eightbyte is float in every variant: returned in rax + xmm0.
// Circle { r: f64 } = 0, Rect { w: f32, h: f32 } = 1.
typedef union {
  uint8_t tag;
  struct { uint8_t tag; double r; } Circle;
  struct { uint8_t tag; float w, h; } Rect;
} FShape;
static void bump_FShape(FShape *s) {
  if (s->tag == 0) s->Circle.r = inc_f64(s->Circle.r);
  else { s->Rect.w = inc_f32(s->Rect.w); s->Rect.h = inc_f32(s->Rect.h); }
}
ROUNDTRIP(FShape, FShape, bump_FShape) LAYOUT(FShape, FShape)

// repr(u16): Nop = 0, Add(i32) = 500, Scale { by: f32 } = 65535.
typedef union {
  uint16_t tag;
  struct { uint16_t tag; int32_t _0; } Add;
  struct { uint16_t tag; float by; } Scale;
} Op16;
static void bump_Op16(Op16 *o) {
  switch (o->tag) {
    case 0: memset(o, 0, sizeof *o); o->tag = 500; break;
    case 500: o->Add._0 = inc_i32(o->Add._0); break;
    case 65535: o->Scale.by = inc_f32(o->Scale.by); break;
  }
}
ROUNDTRIP(Op16, Op16, bump_Op16) LAYOUT(Op16, Op16)

// repr(u32): A = 7, B(u64) = 0x10000000, C { x: f32, y: f32 } = 0x10000001.
typedef union {
  uint32_t tag;
  struct { uint32_t tag; uint64_t _0; } B;
  struct { uint32_t tag; float x, y; } C;
} Ev32;
static void bump_Ev32(Ev32 *e) {
  switch (e->tag) {
    case 7: memset(e, 0, sizeof *e); e->tag = 0x10000000u; break;
    case 0x10000000u: e->B._0 = inc_u64(e->B._0); break;
    case 0x10000001u: e->C.x = inc_f32(e->C.x); e->C.y = inc_f32(e->C.y); break;
  }
}
ROUNDTRIP(Ev32, Ev32, bump_Ev32) LAYOUT(Ev32, Ev32)

// repr(i32): Neg(i8) = -5, Zero = -4, Pos { v: i64 } = 2000000000.
typedef union {
  int32_t tag;
  struct { int32_t tag; int8_t _0; } Neg;
  struct { int32_t tag; int64_t v; } Pos;
} Sign;
static void bump_Sign(Sign *s) {
  switch (s->tag) {
    case -5: s->Neg._0 = inc_i8(s->Neg._0); break;
    case -4: memset(s, 0, sizeof *s); s->tag = 2000000000; break;
    case 2000000000: s->Pos.v = inc_i64(s->Pos.v); break;
  }
}
ROUNDTRIP(Sign, Sign, bump_Sign) LAYOUT(Sign, Sign)

// repr(i64): Small(u8) = -2^40, Large { a: f64 } = 2^62, Nothing = 2^62 + 1.
typedef union {
  int64_t tag;
  struct { int64_t tag; uint8_t _0; } Small;
  struct { int64_t tag; double a; } Large;
} Wide;
static void bump_Wide(Wide *w) {
  if (w->tag == -((int64_t)1 << 40)) w->Small._0 = inc_u8(w->Small._0);
  else if (w->tag == ((int64_t)1 << 62)) w->Large.a = inc_f64(w->Large.a);
  else { memset(w, 0, sizeof *w); w->tag = -((int64_t)1 << 40); }
}
ROUNDTRIP(Wide, Wide, bump_Wide) LAYOUT(Wide, Wide)

// repr(C): an int tag, then a union of the variants' fields.
// Int(i64) = 1, Float(f64) = 2, None = 100, Pair { a: u8, b: f32 } = 101, Point(Vec2f) = 102.
typedef struct {
  int32_t tag;
  union {
    struct { int64_t _0; } Int;
    struct { double _0; } Float;
    struct { uint8_t a; float b; } Pair;
    struct { Vec2f _0; } Point;
  } payload;
} CEnum;
static void bump_CEnum(CEnum *e) {
  switch (e->tag) {
    case 1: e->payload.Int._0 = inc_i64(e->payload.Int._0); break;
    case 2: e->payload.Float._0 = inc_f64(e->payload.Float._0); break;
    case 100: memset(e, 0, sizeof *e); e->tag = 101; break;
    case 101: e->payload.Pair.a = inc_u8(e->payload.Pair.a); e->payload.Pair.b = inc_f32(e->payload.Pair.b); break;
    case 102: bump_Vec2f(&e->payload.Point._0); break;
  }
}
ROUNDTRIP(CEnum, CEnum, bump_CEnum) LAYOUT(CEnum, CEnum)

// repr(C, u8): A(f32) = 0, B { x: u16, y: u16 } = 1, Unit = 2.
typedef struct {
  uint8_t tag;
  union {
    struct { float _0; } A;
    struct { uint16_t x, y; } B;
  } payload;
} CU8;
static void bump_CU8(CU8 *e) {
  switch (e->tag) {
    case 0: e->payload.A._0 = inc_f32(e->payload.A._0); break;
    case 1: e->payload.B.x = inc_u16(e->payload.B.x); e->payload.B.y = inc_u16(e->payload.B.y); break;
    case 2: memset(e, 0, sizeof *e); e->tag = 0; break;
  }
}
ROUNDTRIP(CU8, CU8, bump_CU8) LAYOUT(CU8, CU8)

// Enums inside a struct.
typedef struct { uint32_t id; Shape shape; Color color; Op16 op; CEnum c; Level level; CU8 small; } Scene;
static void bump_Scene(Scene *s) {
  s->id = inc_u32(s->id);
  bump_Shape(&s->shape); bump_Color(&s->color); bump_Op16(&s->op);
  bump_CEnum(&s->c); bump_Level(&s->level); bump_CU8(&s->small);
}
ROUNDTRIP(Scene, Scene, bump_Scene) LAYOUT(Scene, Scene)

// ---- functions behind pointers with struct and enum signatures ------------------

typedef Vec2f (*vec2f_fn)(Vec2f);
typedef S40 (*s40_fn)(S40);
typedef Shape (*shape_fn)(Shape);
typedef CEnum (*cenum_fn)(CEnum);
EXPORT vec2f_fn rt_fn_Vec2f(void) { return rt_Vec2f; }
EXPORT s40_fn rt_fn_S40(void) { return rt_S40; }
EXPORT shape_fn rt_fn_Shape(void) { return rt_Shape; }
EXPORT cenum_fn rt_fn_CEnum(void) { return rt_CEnum; }

// ---- prefix types ----------------------------------------------------------------
//
// Mod, in its newest version:
//   version: u32, add: fn(i32, i32) -> i32 (the last prefix field), scale: f64,
//   flags: u16, origin: Vec2f, count: u64, mul: fn(i32, i32) -> i32
// A value sits behind a header { field_accessibility: u64, type_layout: *const _ }.

typedef struct { uint32_t version; binop add; double scale; uint16_t flags; Vec2f origin; uint64_t count; binop mul; } ModV3;
typedef struct { uint64_t accessible; const void *layout; ModV3 value; } ModV3Block;

// What an "older library" built with only the first three fields has.
typedef struct { uint32_t version; binop add; double scale; } ModV1;
typedef struct { uint64_t accessible; const void *layout; ModV1 value; } ModV1Block;

static const char mod_layout_marker[] = "Mod layout";
EXPORT const void *rt_mod_layout(void) { return mod_layout_marker; }

static const ModV1Block mod_v1 = { 0x7, mod_layout_marker, { 1, add_i32, 2.5 } };
/** A block from an older library: fields 0..2 present (bits 0b111), the later four absent. */
EXPORT const ModV1Block *rt_mod_v1(void) { return &mod_v1; }

// Bits of the prefix fields (0 and 1) clear: they must be read anyway.
static const ModV1Block mod_v1_sparse = { 0x4, mod_layout_marker, { 9, mul_i32, -0.5 } };
EXPORT const ModV1Block *rt_mod_v1_sparse(void) { return &mod_v1_sparse; }

EXPORT size_t rt_ModV3Block_size(void) { return sizeof(ModV3Block); }
EXPORT size_t rt_ModV3_value_offset(void) { return offsetof(ModV3Block, value); }

static uint64_t mix(uint64_t h, uint64_t x) { return h * 31u + x; }
#define ABSENT 0xdeadu
/**
 * Reads a block the host wrote: the prefix fields always, every later field only when
 * its accessibility bit is set, and folds what it saw into a checksum.
 */
EXPORT uint64_t rt_mod_checksum(const ModV3Block *b) {
  const ModV3 *m = &b->value;
  uint64_t bits = b->accessible, h = 17;
  h = mix(h, m->version);
  h = mix(h, (uint64_t)(int64_t)m->add(20, 22));
  h = mix(h, bits >> 2 & 1 ? (uint64_t)(int64_t)(m->scale * 100.0) : ABSENT);
  h = mix(h, bits >> 3 & 1 ? m->flags : ABSENT);
  h = mix(h, bits >> 4 & 1 ? (uint64_t)(int64_t)(m->origin.x * 10.0f) + (uint64_t)(int64_t)(m->origin.y * 1000.0f) : ABSENT);
  h = mix(h, bits >> 5 & 1 ? m->count : ABSENT);
  h = mix(h, bits >> 6 & 1 ? (uint64_t)(int64_t)m->mul(6, 7) : ABSENT);
  return h;
}

// A struct holding a prefix reference (a `Mod_Ref`), returned by value.
typedef struct { const void *m; uint32_t tag; } Holder;
EXPORT Holder rt_holder(uint32_t tag) { Holder h = { &mod_v1, tag }; return h; }

// ---- one struct of 100 u32 fields, for the one-view-per-value test (test/abi) ------

/** Writes field i = i * 3 + 1. */
EXPORT void rt_u32x100_fill(uint32_t *out) { for (uint32_t i = 0; i < 100; i++) out[i] = i * 3u + 1u; }
/** Sum of field i * (i + 1), so a field written at the wrong place changes it. */
EXPORT uint64_t rt_u32x100_weighted_sum(const uint32_t *in) {
  uint64_t s = 0;
  for (uint64_t i = 0; i < 100; i++) s += in[i] * (i + 1);
  return s;
}

/* tp_strings.c: RStr / RString functions of the test plugin. */
#include "plugin.h"

ABS_EXPORT AbsRString tp_string_new(AbsRStr s) { return tp_rstring_from(s.data, s.length); }

/* Grows through the string's OWN vtable: a host-made string with no spare room calls the host. */
ABS_EXPORT AbsRString tp_string_echo(AbsRString s) {
    tp_rstring_push(&s, "!", 1);
    return s;
}

ABS_EXPORT size_t tp_str_len(AbsRStr s) { return s.length; }

ABS_EXPORT AbsRString tp_string_invalid_utf8(void) { return tp_rstring_from("\xff\xfe\x41", 3); }

ABS_EXPORT void tp_string_drop(AbsRString s) { abs_rvec_drop(&s); }

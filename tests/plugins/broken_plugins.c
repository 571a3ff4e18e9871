/* One source, several broken plugins: each build defines one BROKEN_* macro and gets a
 * shared object the loader must refuse with a specific reason. */
#include <stddef.h>

#include <skarv/abi.h>

#if defined(BROKEN_NO_ENTRY)
SKARV_EXPORT int not_the_entry_symbol(void) { return 1; }
#elif defined(BROKEN_UNDEFINED)
/* Links (a module may leave symbols to its host) but no library defines this one: the
 * system loader refuses it, and the host must pass on the loader's own reason. */
extern int skarv_test_symbol_nobody_defines(void);
SKARV_EXPORT int skarv_plugin_entry_v1(void) { return skarv_test_symbol_nobody_defines(); }
#elif defined(BROKEN_ENTRY_V2)
/* A plugin built for a future ABI 2: only the v2 entry symbol exists. */
SKARV_EXPORT const void *skarv_plugin_entry_v2(uint16_t a, uint16_t b) { (void)a; (void)b; return NULL; }
#else
static skarv_status b_create(const skarv_host_services *h, const char *c, size_t n, void **i, const skarv_sink *e) {
    (void)h; (void)c; (void)n; (void)i; (void)e;
    return SKARV_ERR_INTERNAL;
}
static void b_destroy(void *i) { (void)i; }
static skarv_status b_check(void *i, const skarv_sink *r) { (void)i; (void)r; return SKARV_OK; }
#if !defined(BROKEN_NULL_CALL)
static skarv_status b_call(void *i, const char *q, size_t n, const skarv_sink *r) {
    (void)i; (void)q; (void)n; (void)r;
    return SKARV_OK;
}
#endif

static const skarv_plugin_descriptor descriptor = {
#if defined(BROKEN_SMALL)
    8,
#else
    sizeof(skarv_plugin_descriptor),
#endif
#if defined(BROKEN_MAJOR)
    2,
#else
    SKARV_ABI_MAJOR,
#endif
    SKARV_ABI_MINOR,
#if defined(BROKEN_NAME)
    "Not A Valid Name!",
#else
    "broken",
#endif
    "0.0.1", SKARV_KIND_CONNECTOR,
#if defined(BROKEN_CAPS)
    "{capabilities that are not json",
#else
    "{}",
#endif
    b_create, b_destroy, b_check,
#if defined(BROKEN_NULL_CALL)
    NULL /* b_call deliberately missing */
#else
    b_call
#endif
};

SKARV_EXPORT const skarv_plugin_descriptor *SKARV_PLUGIN_ENTRY(uint16_t host_major, uint16_t host_minor) {
    (void)host_minor;
#if defined(BROKEN_REFUSES)
    (void)host_major;
    return host_minor == 0xFFFF ? &descriptor : NULL;   /* never: it always refuses */
#else
    (void)host_major;
    return &descriptor;
#endif
}
#endif

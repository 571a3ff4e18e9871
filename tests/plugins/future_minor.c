/* future-minor: built "against ABI 1.7", whose descriptor has fields appended after
 * `call`. A 1.0 host must load it, reading only the fields it knows. */
#include <string.h>

#include <skarv/abi.h>

typedef struct {
    skarv_plugin_descriptor v1_0;
    void (*some_future_function)(void);
    const char *some_future_field;
} future_descriptor;

static skarv_status f_create(const skarv_host_services *h, const char *c, size_t n, void **inst, const skarv_sink *e) {
    static int token;
    (void)h; (void)c; (void)n; (void)e;
    *inst = &token;
    return SKARV_OK;
}
static void f_destroy(void *inst) { (void)inst; }
static skarv_status f_check(void *inst, const skarv_sink *r) {
    (void)inst;
    r->write(r->ctx, "{\"ok\":true}", 11);
    return SKARV_OK;
}
static skarv_status f_call(void *inst, const char *q, size_t n, const skarv_sink *r) {
    (void)inst;
    r->write(r->ctx, q, n);
    return SKARV_OK;
}
static void future_function(void) {}

static const future_descriptor descriptor = {
    {sizeof(future_descriptor), SKARV_ABI_MAJOR, 7, "future-minor", "9.9.9", SKARV_KIND_TRANSFORM, "{}",
     f_create, f_destroy, f_check, f_call},
    future_function, "from the future"};

SKARV_EXPORT const skarv_plugin_descriptor *SKARV_PLUGIN_ENTRY(uint16_t host_major, uint16_t host_minor) {
    (void)host_minor;
    return host_major == SKARV_ABI_MAJOR ? &descriptor.v1_0 : NULL;
}

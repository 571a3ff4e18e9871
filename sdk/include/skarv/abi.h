/*
 * skarv/abi.h: the contract between the Skarv host and its plugins. ABI version 1.1.
 *
 * Plain C99, no C++ type crosses it. This is the one header a plugin must include;
 * everything else in sdk/ is an optional C++ convenience built on top of it.
 *
 * Rules that keep it stable (see docs/writing-a-plugin.md for the why):
 *  - Every struct starts with `struct_size`. A reader touches only the fields that the
 *    writer's struct_size covers, so old and new builds meet safely (OBS's pattern).
 *  - A minor version only appends fields at the end of structs. Nothing is reordered,
 *    retyped or removed. A major version gets a new entry symbol.
 *  - Memory is freed by the side that allocated it. Data goes in as borrowed UTF-8 JSON
 *    and comes out through a host-owned sink, so host and plugin may use different heaps,
 *    C runtimes or compilers.
 *  - Nothing may unwind across this boundary: no C++ exception, no longjmp.
 */
#ifndef SKARV_ABI_H
#define SKARV_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SKARV_ABI_MAJOR 1
#define SKARV_ABI_MINOR 1

/* The single symbol every plugin exports; its name carries the ABI major, so a host of
 * another major never even finds it by accident. */
#define SKARV_PLUGIN_ENTRY skarv_plugin_entry_v1
#define SKARV_PLUGIN_ENTRY_NAME "skarv_plugin_entry_v1"

#if defined(_WIN32)
#define SKARV_EXPORT __declspec(dllexport)
#else
#define SKARV_EXPORT __attribute__((visibility("default")))
#endif

/* Result of every plugin function. Details travel as an error document (below). */
typedef enum skarv_status {
    SKARV_OK = 0,
    SKARV_ERR_RETRYABLE = 1,   /* transient: timeout, 429, 5xx; the host backs off and retries */
    SKARV_ERR_ITEMS = 2,       /* the call ran, but some items failed: see "items" */
    SKARV_ERR_INVALID = 3,     /* bad request, bad config or bad data; retrying will not help */
    SKARV_ERR_AUTH = 4,        /* credentials refused by the remote system */
    SKARV_ERR_UNSUPPORTED = 5, /* the plugin does not offer this operation */
    SKARV_ERR_INTERNAL = 6     /* a bug or a crash caught in the plugin */
} skarv_status;

typedef enum skarv_plugin_kind {
    SKARV_KIND_CONNECTOR = 1,  /* speaks to a remote system: reads and writes records */
    SKARV_KIND_TRANSFORM = 2   /* changes, drops or fails records at a named hook */
} skarv_plugin_kind;

typedef enum skarv_log_level {
    SKARV_LOG_DEBUG = 0,
    SKARV_LOG_INFO = 1,
    SKARV_LOG_WARN = 2,
    SKARV_LOG_ERROR = 3
} skarv_log_level;

/* Where a plugin hands back bytes it produced. The host owns `ctx` and the memory the
 * bytes are copied into; `write` may be called several times and appends. The plugin
 * must not keep a sink beyond the call that received it. */
typedef struct skarv_sink {
    void *ctx;
    void (*write)(void *ctx, const char *data, size_t size);
} skarv_sink;

/* ABI 1.1: one write of state_write_many. `value` NULL deletes the key. Borrowed: valid
 * only during the call. */
typedef struct skarv_state_write {
    const char *key;
    size_t key_size;
    const char *value;
    size_t value_size;
} skarv_state_write;

/*
 * Services the host lends to one plugin instance, valid from create() until destroy()
 * returns. `host` is the first argument of every service; it identifies the instance.
 * Strings are UTF-8 and need not be NUL-terminated.
 */
typedef struct skarv_host_services {
    uint32_t struct_size;
    uint16_t abi_major;
    uint16_t abi_minor;
    void *host;

    /* Structured log line. Never pass secrets: the host scrubs the secrets it knows of
     * (from the config), but cannot know a token the plugin obtained itself. */
    void (*log)(void *host, skarv_log_level level, const char *message, size_t size);
    /* Wall clock, milliseconds since the Unix epoch (the host's clock, so tests can fix it). */
    int64_t (*now_ms)(void *host);
    /* Non-zero once the host wants the current call to stop early (shutdown, timeout).
     * Long calls should poll it between items and return what they have. */
    int (*is_cancelled)(void *host);
    /* Plugin-private key/value state, kept durably by the host per plugin instance
     * (e.g. a token, an open feed batch id). state_get writes the value to `out` and
     * returns 1, or returns 0 when the key is absent. state_set with value NULL deletes.
     * Both return a negative number on a storage error.
     * Every state_set is its own durable commit (an fsync): state that grows with the
     * catalogue is written with state_write_many, a batch a commit.
     * Keys under "order/" are per-order state: the host deletes them once they have not
     * been written for its retention period (docs/operating.md, retention.order_state_days),
     * so a plugin keeps there only what an order needs while it is still being handled. */
    int (*state_get)(void *host, const char *key, size_t key_size, const skarv_sink *out);
    int (*state_set)(void *host, const char *key, size_t key_size,
                     const char *value, size_t value_size);

    /* ABI 1.1. Applies `count` writes in one durable transaction: all of them or, on a
     * storage error (negative return), none. Returns 0 on success. */
    int (*state_write_many)(void *host, const skarv_state_write *writes, size_t count);
    /* ABI 1.1. The keys that start with `prefix` and sort after `after` (bytewise; empty:
     * from the first), in key order, at most `limit` of them: writes the JSON array
     * [["key", "value"], ...] to `out` and returns how many it wrote, or a negative number
     * on a storage error. Lets a plugin keep a queue as one key a record (zero-padded
     * sequence numbers sort in order) and page through it without reading it whole. */
    int (*state_scan)(void *host, const char *prefix, size_t prefix_size, const char *after,
                      size_t after_size, size_t limit, const skarv_sink *out);
    /* ABI 1.2 and later append here. */
} skarv_host_services;

/*
 * What a plugin is. Returned by the entry function; must stay valid and unchanged for
 * as long as the library is loaded (a static const object is the natural choice).
 *
 * Calls on one instance are never concurrent; different instances may run on
 * different threads at once.
 *
 * Errors: any function returning other than SKARV_OK writes one JSON error document to
 * its `reply` sink (or `error` for create):
 *   {"code": "token_expired", "message": "...", "retryable": true,
 *    "items": [{"index": 3, "id": "SKU-1", "code": "...", "message": "..."}]}
 * "code" and "message" are required; "items" names the records that failed, so one bad
 * record never hides which one it was.
 */
typedef struct skarv_plugin_descriptor {
    uint32_t struct_size;       /* sizeof(skarv_plugin_descriptor) as the plugin built it */
    uint16_t abi_major;         /* SKARV_ABI_MAJOR the plugin was built against */
    uint16_t abi_minor;         /* SKARV_ABI_MINOR the plugin was built against */
    const char *name;           /* unique, [a-z0-9_-]+, e.g. "jetshop" */
    const char *version;        /* the plugin's own semantic version, e.g. "1.2.0" */
    uint32_t kind;              /* a skarv_plugin_kind */
    /* JSON: {"entities": {"orders": ["read","write"], ...}, "hooks": [...],
     *        "config_schema": { JSON Schema of the config create() accepts }} */
    const char *capabilities_json;

    /* Make an instance from its JSON config. On success store it in *instance. */
    skarv_status (*create)(const skarv_host_services *host, const char *config_json,
                           size_t config_size, void **instance, const skarv_sink *error);
    /* Free an instance. Never fails; no call on it follows. */
    void (*destroy)(void *instance);
    /* Test the connection and credentials; on success may write a JSON report. */
    skarv_status (*check)(void *instance, const skarv_sink *reply);
    /* The one batched operation: a JSON request {"op": "...", ...} in, a JSON response
     * (or the error document) out through `reply`. The operations are listed in
     * docs/writing-a-plugin.md. */
    skarv_status (*call)(void *instance, const char *request_json, size_t request_size,
                         const skarv_sink *reply);
    /* ABI 1.1 and later append here. */
} skarv_plugin_descriptor;

/* The smallest struct_size a host of this major accepts: everything up to `call`. */
#define SKARV_DESCRIPTOR_V1_0_SIZE \
    (offsetof(skarv_plugin_descriptor, call) + sizeof(void *))
/* The size of an ABI 1.0 host's services table: a plugin built for 1.1 or later finds
 * state_write_many and state_scan only when struct_size goes past this. */
#define SKARV_HOST_SERVICES_V1_0_SIZE \
    (offsetof(skarv_host_services, state_set) + sizeof(((skarv_host_services *)0)->state_set))

/*
 * The entry function. The host passes the ABI it speaks; the plugin returns its
 * descriptor, or NULL to refuse (e.g. it needs host services newer than host_abi_minor).
 * It must not allocate, start threads or touch the network: that belongs in create().
 */
typedef const skarv_plugin_descriptor *(*skarv_plugin_entry_fn)(uint16_t host_abi_major,
                                                                 uint16_t host_abi_minor);

#ifdef __cplusplus
}
#endif

#endif /* SKARV_ABI_H */

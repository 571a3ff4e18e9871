/* c-connector: a test plugin in plain C99, to prove the ABI needs no C++. It uses only
 * abi.h and the C library: it echoes requests, reports per-item errors, writes garbage
 * on request (so the host's handling of a broken plugin is tested), and uses the host's
 * log and state services. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <skarv/abi.h>

typedef struct {
    const skarv_host_services *host;
    int calls;
} c_instance;

static void say(const skarv_sink *sink, const char *text) { sink->write(sink->ctx, text, strlen(text)); }

static int has_op(const char *request, size_t size, const char *op) {
    char needle[64];
    snprintf(needle, sizeof needle, "\"op\":\"%s\"", op);
    /* The request is not NUL-terminated; copy it. */
    char *copy = (char *)malloc(size + 1);
    int found;
    if (!copy) return 0;
    memcpy(copy, request, size);
    copy[size] = '\0';
    found = strstr(copy, needle) != NULL;
    free(copy);
    return found;
}

static skarv_status c_create(const skarv_host_services *host, const char *config, size_t size, void **instance,
                             const skarv_sink *error) {
    c_instance *self;
    if (has_op(config, size, "refuse")) {
        say(error, "{\"code\":\"bad_config\",\"message\":\"c-connector: config says refuse\",\"retryable\":false,\"items\":[]}");
        return SKARV_ERR_INVALID;
    }
    self = (c_instance *)calloc(1, sizeof *self);
    if (!self) return SKARV_ERR_INTERNAL;
    self->host = host;
    *instance = self;
    return SKARV_OK;
}

static void c_destroy(void *instance) { free(instance); }

static skarv_status c_check(void *instance, const skarv_sink *reply) {
    (void)instance;
    say(reply, "{\"ok\":true,\"language\":\"C\"}");
    return SKARV_OK;
}

static skarv_status c_call(void *instance, const char *request, size_t size, const skarv_sink *reply) {
    c_instance *self = (c_instance *)instance;
    const char *line = "c-connector handling a call";
    self->calls++;
    self->host->log(self->host->host, SKARV_LOG_INFO, line, strlen(line));
    if (has_op(request, size, "echo")) {
        reply->write(reply->ctx, request, size);
        return SKARV_OK;
    }
    if (has_op(request, size, "items")) {
        say(reply, "{\"code\":\"items_failed\",\"message\":\"1 of 2 items failed\",\"retryable\":false,"
                   "\"items\":[{\"index\":1,\"id\":\"SKU-404\",\"code\":\"missing_sku\","
                   "\"message\":\"article SKU-404 does not exist\"}]}");
        return SKARV_ERR_ITEMS;
    }
    if (has_op(request, size, "garbage")) {
        say(reply, "{this is not json");
        return SKARV_OK;
    }
    if (has_op(request, size, "state")) {
        char buffer[32];
        int n = snprintf(buffer, sizeof buffer, "%d", self->calls);
        if (self->host->state_set(self->host->host, "calls", 5, buffer, (size_t)n) < 0) return SKARV_ERR_RETRYABLE;
        say(reply, "{\"stored\":");
        reply->write(reply->ctx, buffer, (size_t)n);
        say(reply, ",\"now_ms_positive\":");
        say(reply, self->host->now_ms(self->host->host) > 0 ? "true}" : "false}");
        return SKARV_OK;
    }
    say(reply, "{\"code\":\"unsupported\",\"message\":\"c-connector: unknown op\",\"retryable\":false,\"items\":[]}");
    return SKARV_ERR_UNSUPPORTED;
}

static const skarv_plugin_descriptor descriptor = {
    sizeof(skarv_plugin_descriptor), SKARV_ABI_MAJOR, SKARV_ABI_MINOR, "c-connector", "0.1.0", SKARV_KIND_CONNECTOR,
    "{\"entities\":{\"echo\":[\"read\"]},\"config_schema\":{\"type\":\"object\",\"required\":[\"api_key\"],"
    "\"properties\":{\"api_key\":{\"type\":\"string\",\"minLength\":8,\"writeOnly\":true},"
    "\"base_url\":{\"type\":\"string\",\"pattern\":\"^https?://\"}}}}",
    c_create, c_destroy, c_check, c_call};

SKARV_EXPORT const skarv_plugin_descriptor *SKARV_PLUGIN_ENTRY(uint16_t host_major, uint16_t host_minor) {
    (void)host_minor;
    return host_major == SKARV_ABI_MAJOR ? &descriptor : NULL;
}

/* gift-wrap-c: a customer's transform in plain C99, with abi.h and the C library only
 * (no JSON library), to show a transform needs no C++.
 *
 * The shop's rules for orders on their way to the ERP:
 *  - an order whose note says TEST (a word of its own) is a test order: drop it;
 *  - an order with a gift-wrap line (SKU "GIFTWRAP" by default) is a gift: its note
 *    starts with the tag "PRESENT" so the warehouse wraps it and leaves out the receipt.
 * Config, all optional: {"gift_sku": "GIFTWRAP", "tag": "PRESENT", "test_word": "TEST"}.
 *
 * It reads JSON with a small scanner that only finds where values start and end, and
 * writes each record back as the bytes it came in with, changing just the note. Strings
 * are compared as they are written in the JSON (escapes are not decoded). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <skarv/abi.h>

#define MAX_DEPTH 256
#define MAX_SETTING 128

typedef struct {
    const char *begin;
    const char *end; /* one past the last byte */
} span;

typedef struct {
    char gift_sku[MAX_SETTING];
    char tag[MAX_SETTING];
    char test_word[MAX_SETTING];
} gift_instance;

static void say(const skarv_sink *sink, const char *text) { sink->write(sink->ctx, text, strlen(text)); }
static void say_span(const skarv_sink *sink, span s) { sink->write(sink->ctx, s.begin, (size_t)(s.end - s.begin)); }

static const char *skip_ws(const char *p, const char *end) {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) ++p;
    return p;
}

/* p at '"'; returns one past the closing quote, or NULL when the string never ends. */
static const char *skip_string(const char *p, const char *end) {
    for (++p; p < end; ++p) {
        if (*p == '\\') {
            ++p;
            continue;
        }
        if (*p == '"') return p + 1;
    }
    return NULL;
}

/* One past the end of the value at p, or NULL when it is malformed or nested too deep
 * (the depth bound keeps a hostile record from exhausting the stack). */
static const char *skip_value(const char *p, const char *end, int depth) {
    p = skip_ws(p, end);
    if (p >= end || depth > MAX_DEPTH) return NULL;
    if (*p == '"') return skip_string(p, end);
    if (*p == '{' || *p == '[') {
        char close = *p == '{' ? '}' : ']';
        int object = *p == '{';
        p = skip_ws(p + 1, end);
        if (p < end && *p == close) return p + 1;
        for (;;) {
            if (object) {
                p = skip_ws(p, end);
                if (p >= end || *p != '"') return NULL;
                p = skip_ws(skip_string(p, end), end);
                if (!p || p >= end || *p != ':') return NULL;
                ++p;
            }
            p = skip_value(p, end, depth + 1);
            if (!p) return NULL;
            p = skip_ws(p, end);
            if (p >= end) return NULL;
            if (*p == close) return p + 1;
            if (*p != ',') return NULL;
            ++p;
        }
    }
    {
        const char *start = p;
        while (p < end && (*p == '-' || *p == '+' || *p == '.' || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
                           *p == 'E'))
            ++p;
        return p > start ? p : NULL;
    }
}

/* The value of `key` in the object at obj; returns 1 when found. */
static int find_key(span obj, const char *key, span *value) {
    const char *p = skip_ws(obj.begin, obj.end);
    size_t key_length = strlen(key);
    if (p >= obj.end || *p != '{') return 0;
    p = skip_ws(p + 1, obj.end);
    while (p < obj.end && *p == '"') {
        const char *name = p + 1;
        const char *after = skip_string(p, obj.end);
        const char *start;
        if (!after) return 0;
        p = skip_ws(after, obj.end);
        if (p >= obj.end || *p != ':') return 0;
        start = skip_ws(p + 1, obj.end);
        p = skip_value(start, obj.end, 1);
        if (!p) return 0;
        if ((size_t)(after - 1 - name) == key_length && memcmp(name, key, key_length) == 0) {
            value->begin = start;
            value->end = p;
            return 1;
        }
        p = skip_ws(p, obj.end);
        if (p < obj.end && *p == ',') p = skip_ws(p + 1, obj.end);
    }
    return 0;
}

/* The contents of a string value, without its quotes. */
static int string_contents(span value, span *inside) {
    if (value.end - value.begin < 2 || *value.begin != '"') return 0;
    inside->begin = value.begin + 1;
    inside->end = value.end - 1;
    return 1;
}

static int span_equals(span s, const char *text) {
    size_t n = strlen(text);
    return (size_t)(s.end - s.begin) == n && memcmp(s.begin, text, n) == 0;
}

static int is_word_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

/* `word` in `s` with no letter or digit touching it: "TEST order" yes, "TESTAMENT" no. */
static int has_word(span s, const char *word) {
    size_t n = strlen(word);
    const char *p;
    if (n == 0) return 0;
    for (p = s.begin; p + n <= s.end; ++p) {
        if (memcmp(p, word, n) != 0) continue;
        if ((p == s.begin || !is_word_char(p[-1])) && (p + n == s.end || !is_word_char(p[n]))) return 1;
    }
    return 0;
}

static int has_gift_line(span record, const char *gift_sku) {
    span lines, sku, inside;
    const char *p;
    if (!find_key(record, "lines", &lines) || *lines.begin != '[') return 0;
    p = skip_ws(lines.begin + 1, lines.end);
    while (p < lines.end && *p != ']') {
        span line;
        line.begin = p;
        line.end = skip_value(p, lines.end, 1);
        if (!line.end) return 0;
        if (find_key(line, "sku", &sku) && string_contents(sku, &inside) && span_equals(inside, gift_sku)) return 1;
        p = skip_ws(line.end, lines.end);
        if (p < lines.end && *p == ',') p = skip_ws(p + 1, lines.end);
    }
    return 0;
}

/* Writes one result for the record; the index is its place in the batch. */
static void transform_one(const gift_instance *self, span record, size_t index, const skarv_sink *reply) {
    char head[64];
    span note, text;
    int has_note;
    snprintf(head, sizeof head, "{\"index\":%lu,\"action\":", (unsigned long)index);
    say(reply, head);
    if (*record.begin != '{') {
        say(reply, "\"fail\",\"reason\":\"record is not a JSON object\"}");
        return;
    }
    has_note = find_key(record, "note", &note) && string_contents(note, &text);
    if (has_note && has_word(text, self->test_word)) {
        say(reply, "\"drop\",\"reason\":\"the order's note says ");
        say(reply, self->test_word);
        say(reply, ": a test order\"}");
        return;
    }
    say(reply, "\"keep\",\"record\":");
    if (!has_gift_line(record, self->gift_sku)) {
        say_span(reply, record);
    } else if (has_note) {
        size_t tag_length = strlen(self->tag);
        int tagged = (size_t)(text.end - text.begin) >= tag_length && memcmp(text.begin, self->tag, tag_length) == 0;
        span before = {record.begin, text.begin}, rest = {text.begin, record.end};
        say_span(reply, before);
        if (!tagged) {
            say(reply, self->tag);
            if (text.end > text.begin) say(reply, ": ");
        }
        say_span(reply, rest);
    } else {
        /* No note (or not a string): put one first; a later duplicate key would win in most readers, so only when absent. */
        span after_brace = {skip_ws(record.begin + 1, record.end), record.end};
        say(reply, "{\"note\":\"");
        say(reply, self->tag);
        say(reply, *after_brace.begin == '}' ? "\"" : "\",");
        say_span(reply, after_brace);
    }
    say(reply, "}");
}

static skarv_status refuse(const skarv_sink *sink, skarv_status status, const char *code, const char *message) {
    say(sink, "{\"code\":\"");
    say(sink, code);
    say(sink, "\",\"message\":\"");
    say(sink, message);
    say(sink, "\",\"retryable\":false,\"items\":[]}");
    return status;
}

/* Copies a string setting; returns 0 when it is present but not a plain string that fits. */
static int read_setting(span config, const char *key, char *out, const char *fallback) {
    span value, inside;
    if (!find_key(config, key, &value)) {
        strcpy(out, fallback);
        return 1;
    }
    if (!string_contents(value, &inside) || inside.end - inside.begin >= MAX_SETTING || inside.end == inside.begin) return 0;
    if (memchr(inside.begin, '\\', (size_t)(inside.end - inside.begin))) return 0;
    memcpy(out, inside.begin, (size_t)(inside.end - inside.begin));
    out[inside.end - inside.begin] = '\0';
    return 1;
}

static skarv_status gift_create(const skarv_host_services *host, const char *config, size_t size, void **instance,
                                const skarv_sink *error) {
    gift_instance *self;
    span c;
    (void)host;
    c.begin = config ? config : "{}";
    c.end = c.begin + (config ? size : 2);
    if (skip_value(c.begin, c.end, 0) == NULL || *skip_ws(c.begin, c.end) != '{')
        return refuse(error, SKARV_ERR_INVALID, "bad_config", "config: expected a JSON object");
    self = (gift_instance *)calloc(1, sizeof *self);
    if (!self) return refuse(error, SKARV_ERR_INTERNAL, "no_memory", "out of memory");
    if (!read_setting(c, "gift_sku", self->gift_sku, "GIFTWRAP") || !read_setting(c, "tag", self->tag, "PRESENT") ||
        !read_setting(c, "test_word", self->test_word, "TEST")) {
        free(self);
        return refuse(error, SKARV_ERR_INVALID, "bad_config",
                      "gift_sku, tag and test_word: expected short strings without escapes");
    }
    *instance = self;
    return SKARV_OK;
}

static void gift_destroy(void *instance) { free(instance); }

static skarv_status gift_check(void *instance, const skarv_sink *reply) {
    (void)instance;
    say(reply, "{\"ok\":true,\"language\":\"C\"}");
    return SKARV_OK;
}

static skarv_status gift_call(void *instance, const char *request, size_t size, const skarv_sink *reply) {
    const gift_instance *self = (const gift_instance *)instance;
    span r = {request, request + size}, op, records, inside;
    const char *p;
    size_t index = 0;
    if (!request || skip_value(r.begin, r.end, 0) == NULL || *skip_ws(r.begin, r.end) != '{')
        return refuse(reply, SKARV_ERR_INVALID, "invalid_request", "request: malformed JSON");
    if (!find_key(r, "op", &op) || !string_contents(op, &inside) || !span_equals(inside, "transform"))
        return refuse(reply, SKARV_ERR_UNSUPPORTED, "unsupported", "gift-wrap-c only answers transform");
    if (!find_key(r, "records", &records) || *records.begin != '[')
        return refuse(reply, SKARV_ERR_INVALID, "invalid_request", "records: expected an array");
    say(reply, "{\"results\":[");
    p = skip_ws(records.begin + 1, records.end);
    while (p < records.end && *p != ']') {
        span record;
        record.begin = p;
        record.end = skip_value(p, records.end, 1);
        if (!record.end) break; /* cannot happen: the whole request was scanned above */
        if (index > 0) say(reply, ",");
        transform_one(self, record, index++, reply);
        p = skip_ws(record.end, records.end);
        if (p < records.end && *p == ',') p = skip_ws(p + 1, records.end);
    }
    say(reply, "]}");
    return SKARV_OK;
}

static const skarv_plugin_descriptor descriptor = {
    sizeof(skarv_plugin_descriptor), SKARV_ABI_MAJOR, SKARV_ABI_MINOR, "gift-wrap-c", "1.0.0", SKARV_KIND_TRANSFORM,
    "{\"entities\":{},\"hooks\":[\"order.before_write\"],\"config_schema\":{\"type\":\"object\",\"additionalProperties\":false,"
    "\"properties\":{\"gift_sku\":{\"type\":\"string\",\"minLength\":1},\"tag\":{\"type\":\"string\",\"minLength\":1},"
    "\"test_word\":{\"type\":\"string\",\"minLength\":1}}}}",
    gift_create, gift_destroy, gift_check, gift_call};

SKARV_EXPORT const skarv_plugin_descriptor *SKARV_PLUGIN_ENTRY(uint16_t host_major, uint16_t host_minor) {
    (void)host_minor;
    return host_major == SKARV_ABI_MAJOR ? &descriptor : NULL;
}

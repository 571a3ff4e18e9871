#pragma once
// A SQLite VFS that wraps the default one and, while `fail_with` is set, fails every
// write or every fsync with that code: the I/O errors a dying disk gives, which a test
// cannot otherwise make on demand. install() makes it the default VFS, so a Store opened
// afterwards goes through it.

#include <sqlite3.h>

#include <atomic>
#include <cstring>

namespace skarv::test {

class FaultyVfs {
public:
    enum class Fault { none, write, sync };
    static inline std::atomic<Fault> fault{Fault::none};
    static inline std::atomic<int> fail_with{SQLITE_IOERR_WRITE};

    static void install() {
        static bool done = false;
        if (done) return;
        done = true;
        real_ = sqlite3_vfs_find(nullptr);
        vfs_ = *real_;
        vfs_.zName = "skarv-faulty";
        vfs_.szOsFile = static_cast<int>(sizeof(File)) + real_->szOsFile;
        vfs_.xOpen = open;
        sqlite3_vfs_register(&vfs_, 1);
    }

private:
    struct File {
        sqlite3_file base;       // pMethods = our wrappers
        sqlite3_file* inner;     // the real VFS's file, right after this struct
    };
    static inline sqlite3_vfs* real_ = nullptr;
    static inline sqlite3_vfs vfs_{};
    static inline sqlite3_io_methods methods_{};

    static sqlite3_file* in(sqlite3_file* f) { return reinterpret_cast<File*>(f)->inner; }

    static int open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
        auto* f = reinterpret_cast<File*>(file);
        f->inner = reinterpret_cast<sqlite3_file*>(f + 1);
        f->base.pMethods = nullptr;
        int rc = real_->xOpen(real_, name, f->inner, flags, out_flags);
        if (rc != SQLITE_OK || !f->inner->pMethods) return rc;
        static bool made = false;
        if (!made) {
            made = true;
            methods_ = *f->inner->pMethods;
            methods_.xClose = [](sqlite3_file* x) { return in(x)->pMethods->xClose(in(x)); };
            methods_.xRead = [](sqlite3_file* x, void* b, int n, sqlite3_int64 o) { return in(x)->pMethods->xRead(in(x), b, n, o); };
            methods_.xWrite = [](sqlite3_file* x, const void* b, int n, sqlite3_int64 o) {
                if (fault.load() == Fault::write) return fail_with.load();
                return in(x)->pMethods->xWrite(in(x), b, n, o);
            };
            methods_.xTruncate = [](sqlite3_file* x, sqlite3_int64 s) { return in(x)->pMethods->xTruncate(in(x), s); };
            methods_.xSync = [](sqlite3_file* x, int fl) {
                if (fault.load() == Fault::sync) return fail_with.load();
                return in(x)->pMethods->xSync(in(x), fl);
            };
            methods_.xFileSize = [](sqlite3_file* x, sqlite3_int64* s) { return in(x)->pMethods->xFileSize(in(x), s); };
            methods_.xLock = [](sqlite3_file* x, int l) { return in(x)->pMethods->xLock(in(x), l); };
            methods_.xUnlock = [](sqlite3_file* x, int l) { return in(x)->pMethods->xUnlock(in(x), l); };
            methods_.xCheckReservedLock = [](sqlite3_file* x, int* r) { return in(x)->pMethods->xCheckReservedLock(in(x), r); };
            methods_.xFileControl = [](sqlite3_file* x, int op, void* a) { return in(x)->pMethods->xFileControl(in(x), op, a); };
            methods_.xSectorSize = [](sqlite3_file* x) { return in(x)->pMethods->xSectorSize(in(x)); };
            methods_.xDeviceCharacteristics = [](sqlite3_file* x) { return in(x)->pMethods->xDeviceCharacteristics(in(x)); };
            methods_.xShmMap = [](sqlite3_file* x, int p, int s, int e, void volatile** m) {
                return in(x)->pMethods->xShmMap(in(x), p, s, e, m);
            };
            methods_.xShmLock = [](sqlite3_file* x, int o, int n, int fl) { return in(x)->pMethods->xShmLock(in(x), o, n, fl); };
            methods_.xShmBarrier = [](sqlite3_file* x) { in(x)->pMethods->xShmBarrier(in(x)); };
            methods_.xShmUnmap = [](sqlite3_file* x, int d) { return in(x)->pMethods->xShmUnmap(in(x), d); };
            methods_.xFetch = [](sqlite3_file* x, sqlite3_int64 o, int n, void** p) { return in(x)->pMethods->xFetch(in(x), o, n, p); };
            methods_.xUnfetch = [](sqlite3_file* x, sqlite3_int64 o, void* p) { return in(x)->pMethods->xUnfetch(in(x), o, p); };
        }
        f->base.pMethods = &methods_;
        return rc;
    }
};

}  // namespace skarv::test

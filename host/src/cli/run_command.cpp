#include <signal.h>

#include <iostream>

#include "commands.hpp"
#include "skarv/host/service/service.hpp"

namespace skarv::cli {

// SIGTERM and SIGINT are waited for with sigwait on this thread, so no handler touches
// the service from signal context.
int run_service(const RunOptions& options) {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);   // before any thread starts: they inherit it

    host::Logger logger(std::cerr, options.verbose ? SKARV_LOG_DEBUG : SKARV_LOG_INFO);
    host::SyncRunner runner(options.config_file, logger);
    host::ServiceOptions service_options;
    service_options.bind = options.bind;
    service_options.port = static_cast<uint16_t>(options.port);
    host::Service service(runner, logger, service_options);
    auto port = service.start();
    std::cout << "skarv: running; admin and push on " << (service.tls() ? "https://" : "http://") << options.bind << ":"
              << port << std::endl;

    int received = 0;
    for (;;) {
        sigwait(&signals, &received);
        if (received != SIGHUP) break;
        std::cout << "skarv: SIGHUP, reloading configuration, plugins, admin tokens and the TLS certificate" << std::endl;
        service.request_reload();
    }
    std::cout << "skarv: " << (received == SIGTERM ? "SIGTERM" : "SIGINT") << ", stopping" << std::endl;
    service.stop();
    service.wait();
    std::cout << "skarv: stopped cleanly" << std::endl;
    return 0;
}

}  // namespace skarv::cli

// Waiting for SIGTERM / SIGINT in a service's main thread, so that
// shutdown runs as ordinary code (health NOT_SERVING, in-flight calls
// finish, storage closes) rather than inside a signal handler.
#ifndef SGS_COMMON_SIGNALS_H_
#define SGS_COMMON_SIGNALS_H_

namespace sgs {

// Blocks SIGTERM and SIGINT in the calling thread and every thread started
// after this call. Call first thing in main().
void BlockTerminationSignals();

// Waits for SIGTERM or SIGINT (after BlockTerminationSignals); returns it.
int WaitForTerminationSignal();

}  // namespace sgs

#endif  // SGS_COMMON_SIGNALS_H_

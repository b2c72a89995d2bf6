#pragma once
// How many CPU threads the engine's tensor maths may use, set from the thread that runs the engine
// (the GUI's worker thread): fewer than the machine's cores, so the UI thread keeps a core of its
// own while an edit runs. Torch-free on purpose: app/ calls it.

namespace ifedit::api {

// Intra-op threads for the calling thread's engine work (at least 1). Returns what is now in effect.
int setEngineThreads(int threads);
int engineThreads();

}  // namespace ifedit::api

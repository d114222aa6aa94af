// mimalloc, as ruff and uv use it: a corpus run allocates and frees a few small buffers per finding and
// per line, and glibc's allocator spent about 9 % of the mispredicted branches on them. Built with
// `no_thp`: mimalloc's default asks the kernel for transparent huge pages, and the kernel then cleared
// 2 MB at each first touch of fresh memory (clear_page took 0.2 to 4.8 % of a two-core run's samples,
// varying from run to run); without them a 500 MB run is 1 % faster on one core and 4 % on two, and
// its peak memory falls from 47-77 MB to 28-39 MB.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    kintsugi::cli::main()
}

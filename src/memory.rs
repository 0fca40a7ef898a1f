//! How long mimalloc (the allocator of the `besok` binary) holds memory that was freed before
//! giving it back to the system. Harmless where mimalloc is not the allocator.

/// mimalloc's `mi_option_purge_delay` (its v3 `mimalloc.h`), which the sys crate does not name.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long `besok build` lets freed memory stay before mimalloc gives it back, in ms.
const BUILD_PURGE_DELAY_MS: std::ffi::c_long = 100;

/// Asks mimalloc to keep the memory a rebuild freed rather than give it back to the system a
/// second later: the next rebuild of `besok serve`, when the writer saves again seconds later,
/// would fault every page of it in anew, 10–15 ms of a 70 ms rebuild at 10,000 posts. The
/// server then holds what its largest rebuild needed, as long as it runs.
pub fn keep_freed_memory() {
    // SAFETY: sets one integer option of mimalloc's; any value is valid for it.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

/// Asks mimalloc to give freed memory back within a tenth of a second rather than its default
/// second: a build frees large parts as it goes (each post's plain text once the search index
/// has it, the index once written), and held for a second they piled up under the next
/// stage's. At 100,000 posts the peak was 100–250 MiB higher, past 2 GiB in one run of five;
/// the build takes no longer.
pub fn return_freed_memory_soon() {
    // SAFETY: sets one integer option of mimalloc's; any value is valid for it.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, BUILD_PURGE_DELAY_MS) }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_is_mimallocs_and_set_as_each_command_wants() {
        // The number is mimalloc's own: its default for the purge delay is 1,000 (ms). One
        // test, as the option is the whole process's.
        // SAFETY: reads one integer option.
        let get = || unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(get(), 1000);
        super::return_freed_memory_soon();
        assert_eq!(get(), 100);
        super::keep_freed_memory();
        assert_eq!(get(), -1);
    }
}

//! What the operating system tells of a run: its cores, CPU time, peak memory and CPU
//! affinity, and the bytes of a folder.

use std::path::Path;

use crate::BenchError;

/// The cores this process may use.
pub(crate) fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Confines this process, and every thread it starts from now on, to the first `count`
/// of the cores it may run on.
#[cfg(target_os = "linux")]
pub(crate) fn confine_to_cores(count: usize) -> Result<(), BenchError> {
    let size = std::mem::size_of::<libc::cpu_set_t>();
    // SAFETY: `cpu_set_t` is an array of integers, for which all zeroes (the empty set)
    // is a valid value.
    let mut allowed: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    // SAFETY: the pointer is to a live, writable `cpu_set_t` of the size passed.
    if unsafe { libc::sched_getaffinity(0, size, &mut allowed) } != 0 {
        return Err(BenchError::io("cannot read the CPU affinity")(
            std::io::Error::last_os_error(),
        ));
    }
    // SAFETY: as above.
    let mut chosen: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    let mut taken = 0;
    for cpu in 0..libc::CPU_SETSIZE as usize {
        if taken == count {
            break;
        }
        // SAFETY: `cpu` is below CPU_SETSIZE, the number of CPUs a `cpu_set_t` holds.
        if unsafe { libc::CPU_ISSET(cpu, &allowed) } {
            // SAFETY: as above.
            unsafe { libc::CPU_SET(cpu, &mut chosen) };
            taken += 1;
        }
    }
    if taken < count {
        return Err(BenchError::Usage(format!(
            "--pin: a run of {count} threads needs {count} cores; this process may use {taken}"
        )));
    }
    // SAFETY: the pointer is to a live `cpu_set_t` of the size passed; pid 0 is this thread,
    // whose affinity the threads it starts inherit.
    if unsafe { libc::sched_setaffinity(0, size, &chosen) } != 0 {
        return Err(BenchError::io("cannot set the CPU affinity")(
            std::io::Error::last_os_error(),
        ));
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn confine_to_cores(_count: usize) -> Result<(), BenchError> {
    Err(BenchError::Usage(
        "--pin is available on Linux only".to_string(),
    ))
}

/// The peak resident set of this process (`VmHWM`), where /proc tells it.
pub(crate) fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kilobytes: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes * 1024)
}

/// The CPU time this process has used so far, user and system, in all its threads
/// (ended ones included).
#[cfg(unix)]
pub(crate) fn process_cpu_seconds() -> Option<f64> {
    // SAFETY: `rusage` is made of integers only, for which all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pointer is to a live, writable `rusage`, which is all getrusage writes.
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return None;
    }
    let seconds = |time: libc::timeval| time.tv_sec as f64 + time.tv_usec as f64 / 1e6;
    Some(seconds(usage.ru_utime) + seconds(usage.ru_stime))
}

#[cfg(not(unix))]
pub(crate) fn process_cpu_seconds() -> Option<f64> {
    None
}

/// The bytes of the files under `directory`.
pub(crate) fn directory_bytes(directory: &Path) -> u64 {
    walkdir::WalkDir::new(directory)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|entry| entry.metadata().ok())
        .filter(|metadata| metadata.is_file())
        .map(|metadata| metadata.len())
        .sum()
}

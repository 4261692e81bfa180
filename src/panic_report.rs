//! What the program says when it stops on a bug: where, never what. A panic's message
//! can carry anything the code had in hand — a name, an ID number, a row of the
//! roster — and the standard hook prints it (with a backtrace on request) to a terminal
//! someone may photograph or paste into a chat. This hook prints the place in the
//! source only, in both languages, and that every confirmed action is saved.

use std::io::{self, Write};
use std::panic::PanicHookInfo;

/// Replaces the standard panic hook for the whole process.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let _ = report(info, &mut io::stderr());
    }));
}

/// Writes the report of `info` to `out`: the source location, no message.
pub fn report(info: &PanicHookInfo<'_>, out: &mut dyn Write) -> io::Result<()> {
    let at = info
        .location()
        .map(|l| format!("{}:{}", l.file(), l.line()))
        .unwrap_or_else(|| "?".into());
    writeln!(
        out,
        "换证程序内部出错，已停止（{at}）。已确认的操作都已保存；请把这一行告诉维护人员。"
    )?;
    writeln!(
        out,
        "huanzheng stopped on an internal error ({at}); every confirmed action is saved. Please report this line."
    )
}

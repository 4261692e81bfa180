//! A virtual card on vsmartcard's vpcd reader driver, wrapping huanzheng's own
//! `VirtualCard`. vpcd listens on TCP 35963 (reader "Virtual PCD 00 00"); every
//! message either way is a 2-byte big-endian length and a payload. A 1-byte payload
//! from vpcd is a control (0 power off, 1 power on, 2 reset, 4 send the ATR), anything
//! longer a command APDU answered with the response APDU. Connecting puts the card on
//! the reader; closing the socket takes it off.
#![allow(dead_code)]

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use huanzheng::reader::VirtualCard;

pub const PORT: u16 = 35963;
pub const READER: &str = "Virtual PCD 00 00";

const POWER_OFF: u8 = 0;
const POWER_ON: u8 = 1;
const RESET: u8 = 2;
const GET_ATR: u8 = 4;

/// A card on the virtual reader; taken off by `remove` or when dropped.
pub struct VpcdCard {
    stream: TcpStream,
    thread: Option<JoinHandle<VirtualCard>>,
    /// When the socket connected: the moment the card "touched" the reader.
    pub inserted_at: Instant,
}

impl VpcdCard {
    /// Puts the card on the reader. vpcd listens once pcscd has loaded it, so a refused
    /// connection is tried again until `within` has passed.
    pub fn insert(card: VirtualCard, within: Duration) -> io::Result<VpcdCard> {
        let deadline = Instant::now() + within;
        let stream = loop {
            match TcpStream::connect(("127.0.0.1", PORT)) {
                Ok(stream) => break stream,
                Err(_) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                Err(e) => return Err(e),
            }
        };
        let inserted_at = Instant::now();
        stream.set_nodelay(true)?;
        let theirs = stream.try_clone()?;
        let thread = std::thread::Builder::new()
            .name("vpcd-card".into())
            .spawn(move || serve(theirs, card))?;
        Ok(VpcdCard {
            stream,
            thread: Some(thread),
            inserted_at,
        })
    }

    /// Takes the card off the reader and gives it back, with its count of APDUs.
    pub fn remove(mut self) -> VirtualCard {
        self.take_off()
            .unwrap_or_else(|| VirtualCard::demo("taken"))
    }

    fn take_off(&mut self) -> Option<VirtualCard> {
        let _ = self.stream.shutdown(Shutdown::Both);
        self.thread.take().and_then(|t| t.join().ok())
    }
}

impl Drop for VpcdCard {
    fn drop(&mut self) {
        self.take_off();
    }
}

fn serve(mut stream: TcpStream, mut card: VirtualCard) -> VirtualCard {
    while let Ok(message) = receive(&mut stream) {
        let answer = match message.as_slice() {
            [GET_ATR] => card.atr().to_vec(),
            [POWER_ON] | [RESET] => {
                card.reset();
                continue;
            }
            [POWER_OFF] | [_] => continue,
            apdu => {
                let answer = card.respond(apdu);
                if card.is_pulled() {
                    // Pulled with a command in flight: no answer, the card is gone.
                    let _ = stream.shutdown(Shutdown::Both);
                    break;
                }
                answer
            }
        };
        if send(&mut stream, &answer).is_err() {
            break;
        }
    }
    card
}

fn receive(stream: &mut TcpStream) -> io::Result<Vec<u8>> {
    let mut length = [0; 2];
    stream.read_exact(&mut length)?;
    let mut message = vec![0; usize::from(u16::from_be_bytes(length))];
    stream.read_exact(&mut message)?;
    Ok(message)
}

fn send(stream: &mut TcpStream, payload: &[u8]) -> io::Result<()> {
    let length = u16::try_from(payload.len()).map_err(io::Error::other)?;
    let mut message = length.to_be_bytes().to_vec();
    message.extend_from_slice(payload);
    stream.write_all(&message)
}

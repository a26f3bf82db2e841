//! `downloadFile` (swan-net's `Downloader::download`, in process, into an app's sandbox temp
//! file) against `curl` fetching the same URL from the same loopback HTTPS server
//! (`swan_net::serve_dir`, the `--map-host` server). Both make a new TLS connection per
//! download and verify the server's certificate against the server's throwaway CA; curl is a
//! new process each time (its start-up is in its figure) and writes to a file in the same
//! filesystem. Rounds alternate which side goes first.

use super::{Ctx, Section, table};
use std::fs;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use swan_bench::pictures::Rng;
use swan_bench::stats::{fmt_dur, median, ratio};
use swan_core::swan_sandbox::{AppId, Package, Sandbox};
use swan_net::{AbortHandle, ClientConfig, DownloadPolicy, Downloader};

const HOST: &str = "download.bench.example";

fn pem(der: &[u8]) -> String {
    pem_labelled(der, "CERTIFICATE")
}

fn pem_labelled(der: &[u8], label: &str) -> String {
    const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for chunk in der.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                s.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                s.push('=');
            }
        }
    }
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in s.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

fn curl_available() -> bool {
    Command::new("curl")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

pub fn run(ctx: &Ctx) -> Section {
    match measure(ctx) {
        Ok(s) => s,
        Err(why) => Section {
            title: "downloadFile vs curl".into(),
            text: format!("Not measured: {why}\n"),
            summary: vec![[
                "downloadFile 1 MiB / 10 MiB vs curl".into(),
                "(for information)".into(),
                format!("not measured: {why}"),
                "—".into(),
            ]],
        },
    }
}

fn measure(ctx: &Ctx) -> Result<Section, String> {
    if !curl_available() {
        return Err("curl is not installed".into());
    }
    let root = ctx.fresh("download");
    let served = root.join("served");
    fs::create_dir_all(&served).map_err(|e| e.to_string())?;
    let sizes: [(u64, &str); 2] = [(1 << 20, "1 MiB"), (10 << 20, "10 MiB")];
    for (len, _) in sizes {
        let mut v = vec![0u8; len as usize];
        Rng(len).fill(&mut v);
        fs::write(served.join(format!("{len}.bin")), &v).map_err(|e| e.to_string())?;
    }
    let server = swan_net::serve_dir(HOST, &served).map_err(|e| format!("serve_dir: {e}"))?;
    let ca = root.join("ca.pem");
    fs::write(&ca, pem(server.root_cert.as_ref())).map_err(|e| e.to_string())?;
    // The server answers only this run's client certificate (mutual TLS): curl presents it too.
    let cert = root.join("client.pem");
    let key = root.join("client-key.pem");
    let identity = &server.client_identity;
    let chain: String = identity
        .cert_chain()
        .iter()
        .map(|c| pem(c.as_ref()))
        .collect();
    fs::write(&cert, chain).map_err(|e| e.to_string())?;
    let key_der = identity.private_key();
    fs::write(&key, pem_labelled(key_der.secret_der(), "PRIVATE KEY"))
        .map_err(|e| e.to_string())?;
    let downloader = Downloader::new(ClientConfig::with_mapped_hosts(std::slice::from_ref(
        &server,
    )))
    .map_err(|e| format!("Downloader::new: {e}"))?;
    let policy = DownloadPolicy {
        allowed_domains: vec![HOST.into()],
        ..DownloadPolicy::default()
    };
    let app: AppId = "bench-download"
        .parse()
        .map_err(|e| format!("app id: {e}"))?;
    let sandbox =
        Sandbox::open(&root.join("data"), &app, Package::None).map_err(|e| e.to_string())?;
    let curl_out = root.join("curl");
    fs::create_dir_all(&curl_out).map_err(|e| e.to_string())?;
    let connect_to = format!("{HOST}:443:127.0.0.1:{}", server.addr.port());

    let swan_once = |url: &str, len: u64| -> Result<Duration, String> {
        let t = Instant::now();
        let d = downloader
            .download(
                &sandbox,
                &policy,
                url,
                &[],
                &mut |_| {},
                &AbortHandle::new(),
            )
            .map_err(|e| format!("downloadFile: {} {}", e.err_code(), e.err_msg()))?;
        let took = t.elapsed();
        if d.status_code != 200 {
            return Err(format!("downloadFile got HTTP {}", d.status_code));
        }
        let usage = sandbox.temp_usage().map_err(|e| e.to_string())?;
        if usage != len {
            return Err(format!("downloadFile wrote {usage} bytes, expected {len}"));
        }
        sandbox.clear_temp().map_err(|e| e.to_string())?;
        Ok(took)
    };
    let curl_once = |url: &str, len: u64| -> Result<Duration, String> {
        let out = curl_out.join("body");
        let _ = fs::remove_file(&out);
        let t = Instant::now();
        let st = Command::new("curl")
            .args(["-sS", "--fail", "--connect-to", &connect_to, "--cacert"])
            .arg(&ca)
            .arg("--cert")
            .arg(&cert)
            .arg("--key")
            .arg(&key)
            .arg("-o")
            .arg(&out)
            .arg(url)
            .status()
            .map_err(|e| e.to_string())?;
        let took = t.elapsed();
        if !st.success() {
            return Err(format!("curl failed: {st}"));
        }
        let got = fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
        if got != len {
            return Err(format!("curl wrote {got} bytes, expected {len}"));
        }
        Ok(took)
    };

    let rounds = if ctx.quick { 3 } else { 21 };
    let mut rows = Vec::new();
    let mut summary_bits = Vec::new();
    for (len, label) in sizes {
        let url = format!("https://{HOST}/{len}.bin");
        // Warm-up: server file cache, first-connection costs.
        swan_once(&url, len)?;
        curl_once(&url, len)?;
        let (mut s, mut c) = (Vec::new(), Vec::new());
        for r in 0..rounds {
            if r % 2 == 0 {
                s.push(swan_once(&url, len)?);
                c.push(curl_once(&url, len)?);
            } else {
                c.push(curl_once(&url, len)?);
                s.push(swan_once(&url, len)?);
            }
        }
        let (ms, mc) = (median(&s), median(&c));
        ctx.log(&format!(
            "download {label}: swan {} curl {}",
            fmt_dur(ms),
            fmt_dur(mc)
        ));
        summary_bits.push(format!("{label}: {:.2}×", ratio(ms, mc)));
        rows.push(vec![
            label.to_string(),
            rounds.to_string(),
            fmt_dur(ms),
            fmt_dur(mc),
            format!("**{:.2}×**", ratio(ms, mc)),
            format!(
                "{:.0} / {:.0}",
                len as f64 / 1048576.0 / ms.as_secs_f64(),
                len as f64 / 1048576.0 / mc.as_secs_f64()
            ),
        ]);
    }
    drop(server);
    let _ = fs::remove_dir_all(&root);
    let text = format!(
        "Loopback HTTPS server: `swan_net::serve_dir` (hyper + rustls, the `--map-host` server), \
         serving random bytes. downloadFile side: `swan_net::Downloader::download` in this \
         process, with the app's whitelist containing the host and the URL routed and trusted \
         through `ClientConfig::with_mapped_hosts` (a new TLS connection each time), into the \
         app's sandbox temp folder (cleared after each). curl side: `curl -sS --fail \
         --connect-to HOST:443:127.0.0.1:PORT --cacert <server CA> --cert <this run's client \
         certificate> --key <its key> -o FILE URL`, one process \
         per download. One untimed download per side first; then the sides alternate.\n\n{}",
        table(
            &[
                "size",
                "rounds",
                "downloadFile (median)",
                "curl (median)",
                "ratio",
                "MiB/s downloadFile / curl"
            ],
            &rows
        )
    );
    Ok(Section {
        title: "downloadFile vs curl".into(),
        text,
        summary: vec![[
            "downloadFile vs curl, same loopback HTTPS server".into(),
            "(for information)".into(),
            summary_bits.join(", "),
            "—".into(),
        ]],
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn pem_base64() {
        let p = super::pem(b"Man");
        assert!(p.contains("\nTWFu\n"));
        let p = super::pem(b"Ma");
        assert!(p.contains("\nTWE=\n"));
        let p = super::pem(b"M");
        assert!(p.contains("\nTQ==\n"));
    }
}

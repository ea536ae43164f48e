//! Which address a request came from, for the sign-in throttle: the connection's peer, or —
//! when the peer is a proxy this server was told to trust — the address that proxy saw, from
//! `X-Forwarded-For`. A header from anyone else is ignored, so a client cannot pick the address
//! it is counted under.

use axum::extract::connect_info::{ConnectInfo, MockConnectInfo};
use axum::http::{Extensions, HeaderMap};
use std::net::{IpAddr, SocketAddr};

/// The client's address, if known.
pub fn address(extensions: &Extensions, headers: &HeaderMap, trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .or_else(|| {
            extensions
                .get::<MockConnectInfo<SocketAddr>>()
                .map(|m| m.0.ip())
        })?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    // each proxy appends the address it saw: from the right, the first one not a trusted
    // proxy is the client
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    Some(
        forwarded
            .iter()
            .rev()
            .find(|a| !trusted.contains(a))
            .copied()
            .unwrap_or(peer),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn request(peer: &str, forwarded: Option<&str>) -> (Extensions, HeaderMap) {
        let mut extensions = Extensions::new();
        let peer: SocketAddr = format!("{peer}:4000").parse().expect("an address");
        extensions.insert(ConnectInfo(peer));
        let mut headers = HeaderMap::new();
        if let Some(f) = forwarded {
            headers.insert("x-forwarded-for", HeaderValue::from_str(f).expect("ASCII"));
        }
        (extensions, headers)
    }

    fn ip(a: &str) -> IpAddr {
        a.parse().expect("an address")
    }

    #[test]
    fn only_a_trusted_proxy_says_who_the_client_is() {
        let proxies = [ip("10.0.0.1"), ip("10.0.0.2")];
        let (e, h) = request("10.0.0.1", Some("203.0.113.5, 10.0.0.2"));
        assert_eq!(address(&e, &h, &proxies), Some(ip("203.0.113.5")));
        // a client's own header before the proxy's is not believed
        let (e, h) = request("10.0.0.1", Some("198.51.100.1, 203.0.113.5"));
        assert_eq!(address(&e, &h, &proxies), Some(ip("203.0.113.5")));
        // anyone else's header is ignored
        let (e, h) = request("203.0.113.9", Some("198.51.100.1"));
        assert_eq!(address(&e, &h, &proxies), Some(ip("203.0.113.9")));
        // a trusted proxy without the header: the proxy itself
        let (e, h) = request("10.0.0.1", None);
        assert_eq!(address(&e, &h, &proxies), Some(ip("10.0.0.1")));
    }
}

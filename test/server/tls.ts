// A self-signed certificate for 127.0.0.1 / localhost (valid to 2126), generated once for tests only:
// `{ tls: true }` serves HTTPS with it so strict-TLS refusal and proxyStrictSSL=false can be tested.
// Not a secret: it protects nothing and is never trusted outside these tests.

export const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIByDCCAW2gAwIBAgIUaoGmRs4wv6ALT5lszTH0HKXC5QswCgYIKoZIzj0EAwIw
KjEoMCYGA1UEAwwfc3RyZWFtLWFzc2lzdCBsb2NhbCB0ZXN0IHNlcnZlcjAgFw0y
NjExMjExNzE1MDZaGA8yMTI2MTAyODE3MTUwNlowKjEoMCYGA1UEAwwfc3RyZWFt
LWFzc2lzdCBsb2NhbCB0ZXN0IHNlcnZlcjBZMBMGByqGSM49AgEGCCqGSM49AwEH
A0IABEizz2Qw8pFEAX0qPyYgrz7AN5QUYjI9CudkIy+rouqvQCEnzqjSeRyrDkUa
DKLiF9JKiIADWndVIlI7sJtLcsKjbzBtMB0GA1UdDgQWBBQ6J6hoaY2BdCWzdhFP
SCK9HwPgJzAfBgNVHSMEGDAWgBQ6J6hoaY2BdCWzdhFPSCK9HwPgJzAPBgNVHRMB
Af8EBTADAQH/MBoGA1UdEQQTMBGHBH8AAAGCCWxvY2FsaG9zdDAKBggqhkjOPQQD
AgNJADBGAiEAjtZBIJASdLs4V0vD0LiWQUpG7kHisnkjQNwVmw27wBUCIQCSwzcP
D2Y2J7ejPFrOmQ69w76u8OZ0RJ1D/XDfW9qAaw==
-----END CERTIFICATE-----
`;

export const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgaU1zqd58IzzcFWWh
u72Mdmula6buEKJxYkH80e9bEGihRANCAARIs89kMPKRRAF9Kj8mIK8+wDeUFGIy
PQrnZCMvq6Lqr0AhJ86o0nkcqw5FGgyi4hfSSoiAA1p3VSJSO7CbS3LC
-----END PRIVATE KEY-----
`;

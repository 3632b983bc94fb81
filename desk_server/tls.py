"""HTTPS for a server without a certificate authority: `desk-server make-cert`.

A district's server usually has no public name, so no public CA will sign for it. It makes its
own certificate; each desk pins that certificate's SHA-256 fingerprint at enrolment (desk-app
enroll --fingerprint) and refuses any other certificate afterwards, which is as strong as a CA
for a known, fixed set of clients and needs no CA at all. The fingerprint is the one
`openssl x509 -noout -fingerprint -sha256 -in server.crt` prints.

A server behind a reverse proxy with a CA-signed certificate needs none of this (README).
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

CERT_NAME = "server.crt"
KEY_NAME = "server.key"
# Ten years: a pinned certificate is not checked for expiry by anyone but the desks, and a new
# one means every desk pins again (docs/sync.md, TLS).
VALIDITY = timedelta(days=3650)


@dataclass(frozen=True, slots=True)
class MadeCert:
    cert: Path
    key: Path
    fingerprint: str


def fingerprint_of_der(der: bytes) -> str:
    """`SHA256:AB:CD:…`: the SHA-256 of a certificate (DER), as openssl and the desks show it."""
    digest = hashlib.sha256(der).hexdigest().upper()
    return "SHA256:" + ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def fingerprint_of_pem(pem: bytes) -> str:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    return fingerprint_of_der(x509.load_pem_x509_certificate(pem).public_bytes(Encoding.DER))


def make_self_signed(host: str, ips: list[str], out_dir: Path) -> MadeCert:
    """A new key (ECDSA P-256) and a self-signed certificate for `host` and `ips`, in out_dir."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    addresses = [ipaddress.ip_address(ip) for ip in ips]  # ValueError on a bad address
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, host),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Station Desk server"),
        ]
    )
    now = datetime.now(UTC)
    alt_names: list[x509.GeneralName] = [x509.DNSName(host)]
    alt_names += [x509.IPAddress(a) for a in addresses]
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + VALIDITY)
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_encipherment=False,
                content_commitment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = out_dir / CERT_NAME, out_dir / KEY_NAME
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    # The key is readable by its owner only, from the moment it exists.
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key_pem)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return MadeCert(cert_path, key_path, fingerprint_of_der(cert.public_bytes(serialization.Encoding.DER)))

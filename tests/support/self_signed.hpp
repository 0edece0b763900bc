// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>

namespace aerowatch::test {

/// Writes a fresh self-signed certificate for 127.0.0.1 and its key as PEM files: a TLS server
/// that no trust store knows, for checking that certificate verification stays on.
inline void write_self_signed_certificate(const std::filesystem::path& cert_file,
                                          const std::filesystem::path& key_file) {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(2048), EVP_PKEY_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
    if (!key || !cert) {
        throw std::runtime_error("cannot create a test key or certificate");
    }
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) {
        throw std::runtime_error("cannot sign the test certificate");
    }
    std::unique_ptr<FILE, decltype(&fclose)> c(std::fopen(cert_file.c_str(), "w"), fclose);
    std::unique_ptr<FILE, decltype(&fclose)> k(std::fopen(key_file.c_str(), "w"), fclose);
    if (!c || !k || PEM_write_X509(c.get(), cert.get()) == 0 ||
        PEM_write_PrivateKey(k.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 0) {
        throw std::runtime_error("cannot write the test certificate");
    }
}

} // namespace aerowatch::test

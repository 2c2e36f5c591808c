/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IKEV2_BYTES_H
#define IKEV2_BYTES_H

/**
 * \file
 * \ingroup ipsec
 * Bounds-checked network byte order reads (Ikev2Reader) and appending writes (Ikev2Writer) for
 * the IKEv2 codec: every read of received bytes goes through Ikev2Reader.
 */

#include "ipsec-byte-order.h"
#include "ipsec-crypto.h"

#include "ns3/assert.h"

#include <cstddef>
#include <cstdint>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief A cursor over received bytes that never reads past their end.
 *
 * A read that does not fit fails the reader: it returns 0 (or no bytes), the position stays
 * where the failed read started (FailedAt()), and every later read fails too. A decoder reads a
 * structure's fields, then checks Ok() once.
 */
class Ikev2Reader
{
  public:
    /**
     * \param data the bytes (not copied: they must outlive the reader)
     * \param size how many
     */
    Ikev2Reader(const uint8_t* data, size_t size)
        : m_data(data)
        , m_size(size)
    {
    }

    /// \return the next byte, or 0 when none is left (the reader fails)
    uint8_t U8()
    {
        const uint8_t* p = Take(1);
        return p ? p[0] : 0;
    }

    /// \return the next two bytes in network order, or 0 (the reader fails)
    uint16_t U16()
    {
        const uint8_t* p = Take(2);
        return p ? static_cast<uint16_t>((p[0] << 8) | p[1]) : 0;
    }

    /// \return the next four bytes in network order, or 0 (the reader fails)
    uint32_t U32()
    {
        const uint8_t* p = Take(4);
        return p ? ipsec_bytes::GetU32(p) : 0;
    }

    /// \return the next eight bytes in network order, or 0 (the reader fails)
    uint64_t U64()
    {
        const uint8_t* p = Take(8);
        return p ? (uint64_t(ipsec_bytes::GetU32(p)) << 32) | ipsec_bytes::GetU32(p + 4) : 0;
    }

    /**
     * \param n how many bytes
     * \return a copy of the next n bytes, or no bytes when fewer are left (the reader fails;
     *         nothing is allocated beyond what the input holds)
     */
    IpsecBytes Bytes(size_t n)
    {
        const uint8_t* p = Take(n);
        return p ? IpsecBytes(p, p + n) : IpsecBytes();
    }

    /**
     * \param n how many bytes
     * \return a pointer to the next n bytes (valid as long as the input), or nullptr when fewer
     *         are left (the reader fails)
     */
    const uint8_t* Span(size_t n) { return Take(n); }

    /// \param n bytes to step over (the reader fails when fewer are left)
    void Skip(size_t n) { Take(n); }

    /// \return true while every read fitted
    bool Ok() const { return m_ok; }

    /// \return the offset of the next byte (of the failed read once the reader failed)
    size_t Position() const { return m_position; }

    /// \return the bytes left after the position
    size_t Remaining() const { return m_size - m_position; }

    /// \return true when every byte was read
    bool AtEnd() const { return m_position == m_size; }

  private:
    /**
     * \param n bytes wanted
     * \return the next n bytes and the position moved past them, or nullptr (the reader fails)
     */
    const uint8_t* Take(size_t n)
    {
        if (!m_ok || n > m_size - m_position)
        {
            m_ok = false;
            return nullptr;
        }
        const uint8_t* p = m_data + m_position;
        m_position += n;
        return p;
    }

    const uint8_t* m_data; //!< the bytes
    size_t m_size;         //!< their number
    size_t m_position = 0; //!< the next byte
    bool m_ok = true;      //!< false after a read that did not fit
};

/**
 * \ingroup ipsec
 * \brief Appends fields in network byte order to a growing buffer; lengths known only at the
 * end are patched in afterwards.
 */
class Ikev2Writer
{
  public:
    /// \param v a byte to append
    void U8(uint8_t v) { m_data.push_back(v); }

    /// \param v a 16-bit value to append in network order
    void U16(uint16_t v)
    {
        m_data.push_back(static_cast<uint8_t>(v >> 8));
        m_data.push_back(static_cast<uint8_t>(v));
    }

    /// \param v a 32-bit value to append in network order
    void U32(uint32_t v)
    {
        size_t at = m_data.size();
        m_data.resize(at + 4);
        ipsec_bytes::PutU32(m_data.data() + at, v);
    }

    /// \param v a 64-bit value to append in network order
    void U64(uint64_t v)
    {
        U32(static_cast<uint32_t>(v >> 32));
        U32(static_cast<uint32_t>(v));
    }

    /// \param bytes bytes to append
    void Bytes(const IpsecBytes& bytes) { m_data.insert(m_data.end(), bytes.begin(), bytes.end()); }

    /// \param n zero bytes to append (RESERVED fields)
    void Zeros(size_t n) { m_data.insert(m_data.end(), n, 0); }

    /**
     * \brief Overwrite a 16-bit field written earlier.
     * \param at its offset
     * \param v the value, in network order
     */
    void Patch16(size_t at, uint16_t v)
    {
        NS_ASSERT_MSG(at + 2 <= m_data.size(), "Ikev2Writer::Patch16 past the end");
        m_data[at] = static_cast<uint8_t>(v >> 8);
        m_data[at + 1] = static_cast<uint8_t>(v);
    }

    /**
     * \brief Overwrite a 32-bit field written earlier.
     * \param at its offset
     * \param v the value, in network order
     */
    void Patch32(size_t at, uint32_t v)
    {
        NS_ASSERT_MSG(at + 4 <= m_data.size(), "Ikev2Writer::Patch32 past the end");
        ipsec_bytes::PutU32(m_data.data() + at, v);
    }

    /// \return the number of bytes written
    size_t Size() const { return m_data.size(); }

    /// \return the bytes written
    const IpsecBytes& Data() const { return m_data; }

  private:
    IpsecBytes m_data; //!< what was written
};

} // namespace ns3

#endif /* IKEV2_BYTES_H */

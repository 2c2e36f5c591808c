/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
/**
 * \file
 * \brief Reads a libFuzzer input as a stream of typed values, shared by the harnesses.
 *
 * Every read succeeds: past the end of the input, numbers read as 0 and byte strings come out
 * short, so a harness never has to check lengths and every input, however short, is a valid
 * (if boring) test case.
 */
#ifndef IPSEC_FUZZ_INPUT_H
#define IPSEC_FUZZ_INPUT_H

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ipsecfuzz
{

/// A cursor over the fuzzer's bytes.
class FuzzInput
{
  public:
    /**
     * \param data the input
     * \param size its length
     */
    FuzzInput(const uint8_t* data, size_t size)
        : m_data(data)
        , m_size(size)
    {
    }

    /// \return the next byte, 0 past the end
    uint8_t U8() { return m_pos < m_size ? m_data[m_pos++] : 0; }

    /// \return the next two bytes, big-endian
    uint16_t U16()
    {
        uint16_t high = U8();
        return static_cast<uint16_t>((high << 8) | U8());
    }

    /// \return the next four bytes, big-endian
    uint32_t U32()
    {
        uint32_t high = U16();
        return (high << 16) | U16();
    }

    /// \return the next eight bytes, big-endian
    uint64_t U64()
    {
        uint64_t high = U32();
        return (high << 32) | U32();
    }

    /// \return true when the next byte is odd
    bool Bool() { return (U8() & 1) != 0; }

    /**
     * \param n how many values
     * \return a value in [0, n), from one byte (n <= 256) or two
     */
    uint32_t Index(uint32_t n)
    {
        if (n == 0)
        {
            return 0;
        }
        return (n <= 256 ? U8() : U16()) % n;
    }

    /**
     * \param n bytes wanted
     * \return up to n bytes (fewer at the end of the input)
     */
    std::vector<uint8_t> Bytes(size_t n)
    {
        size_t take = std::min(n, Remaining());
        std::vector<uint8_t> out(m_data + m_pos, m_data + m_pos + take);
        m_pos += take;
        return out;
    }

    /**
     * \param n bytes wanted
     * \return exactly n bytes: what the input has, then zeros
     */
    std::vector<uint8_t> BytesPadded(size_t n)
    {
        std::vector<uint8_t> out = Bytes(n);
        out.resize(n, 0);
        return out;
    }

    /// \return a length-prefixed (16-bit) byte string of at most \p max bytes
    std::vector<uint8_t> Blob(size_t max) { return Bytes(std::min<size_t>(U16(), max)); }

    /// \return everything not read yet
    std::vector<uint8_t> Rest() { return Bytes(Remaining()); }

    /// \return bytes not read yet
    size_t Remaining() const { return m_size - m_pos; }

    /// \return true when the whole input has been read
    bool Empty() const { return m_pos >= m_size; }

  private:
    const uint8_t* m_data;
    size_t m_size;
    size_t m_pos{0};
};

} // namespace ipsecfuzz

#endif /* IPSEC_FUZZ_INPUT_H */

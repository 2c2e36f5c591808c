/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef REPLAY_WINDOW_H
#define REPLAY_WINDOW_H

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief Anti-replay sliding window of RFC 4303 §3.4.3 and Appendix A, with ESN.
 *
 * Check() runs before the ICV verification and changes nothing; Accept() runs after the ICV
 * verified and advances the window. A window of size 0 is off: everything passes.
 */
class ReplayWindow
{
  public:
    /**
     * Largest window, in packets: Linux's limit (XFRMA_REPLAY_ESN_MAX, a 4096-bit bitmap).
     * RFC 4303 asks for 32 and recommends 64; high-rate links with reordering want more, but a
     * window of millions only costs memory and lets a key holder make every advance expensive.
     */
    static constexpr uint32_t MAX_SIZE = 4096;

    /// Outcome of Check().
    enum class Verdict
    {
        OK,       //!< new sequence number
        ZERO,     //!< sequence number 0 (never valid)
        TOO_OLD,  //!< left of the window
        DUPLICATE //!< already received
    };

    /**
     * \param size window size in packets (0 = off, at most MAX_SIZE)
     * \param esn extended sequence numbers
     */
    explicit ReplayWindow(uint32_t size = 0, bool esn = false);

    /**
     * \brief Reconstruct the full sequence number from the 32 bits on the wire (RFC 4303 A2.2).
     * \param low the transmitted low-order bits
     * \return the full 64-bit sequence number (== low without ESN)
     */
    uint64_t InferSequence(uint32_t low) const;
    /**
     * \brief Pre-ICV check.
     * \param seq full sequence number
     * \return the verdict
     */
    Verdict Check(uint64_t seq) const;
    /**
     * \brief Post-ICV update: mark seq as received and slide the window. Sliding clears whole
     * words of the bitmap, so a jump costs at most the window's size in words.
     * \param seq full sequence number that passed Check() and the ICV
     */
    void Accept(uint64_t seq);

    /// \return window size in packets
    uint32_t GetSize() const { return m_size; }

    /// \return the highest sequence number accepted so far
    uint64_t GetTop() const { return m_top; }

  private:
    bool IsSet(uint64_t seq) const;
    void Set(uint64_t seq);

    uint32_t m_size;              //!< window size W
    bool m_esn;                   //!< extended sequence numbers
    uint64_t m_top;               //!< highest accepted sequence number T
    std::vector<uint64_t> m_bits; //!< ring bitmap indexed by seq modulo its size
};

} // namespace ns3

#endif /* REPLAY_WINDOW_H */

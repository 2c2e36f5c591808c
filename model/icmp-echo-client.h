/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef ICMP_ECHO_CLIENT_H
#define ICMP_ECHO_CLIENT_H

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/traced-callback.h"

#include <map>

namespace ns3
{

class Socket;

/**
 * \ingroup ipsec
 * \brief A ping that sends its echo requests through ICMPv4's down target, like a kernel's ICMP
 * output, so host IPsec policy applies to them (ns-3's V4Ping sends through a raw socket, which
 * bypasses policy). Replies are read from a raw ICMP socket, which sees them after decryption.
 */
class IcmpEchoClient : public Application
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();
    IcmpEchoClient();
    ~IcmpEchoClient() override;

    uint32_t GetSent() const;     //!< \return echo requests sent
    uint32_t GetReceived() const; //!< \return matching echo replies received

    /// Signature of the Rtt trace.
    typedef void (*RttTracedCallback)(uint16_t sequence, Time rtt);

  protected:
    /// Release the socket.
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;
    void SendEcho();
    void HandleRead(Ptr<Socket> socket);

    Ipv4Address m_remote;
    Time m_interval;
    uint32_t m_size;
    uint32_t m_count;
    uint16_t m_identifier;
    uint16_t m_sequence{0};
    uint32_t m_sent{0};
    uint32_t m_received{0};
    Ptr<Socket> m_socket;
    EventId m_next;
    std::map<uint16_t, Time> m_outstanding;
    TracedCallback<uint16_t, Time> m_rttTrace;
};

} // namespace ns3

#endif /* ICMP_ECHO_CLIENT_H */

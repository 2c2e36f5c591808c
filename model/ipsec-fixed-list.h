/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_FIXED_LIST_H
#define IPSEC_FIXED_LIST_H

#include "ns3/assert.h"

#include <array>
#include <cstddef>

namespace ns3
{

/**
 * \ingroup ipsec
 * \brief A list of at most N elements stored inline: what the datapath builds per packet (SA
 * bundles, missing SAs) without touching the heap.
 *
 * N is small (IpsecInboundTag::MAX_LAYERS): no receiver accepts more layers than that, so a
 * policy asking for more is refused before anything is added.
 *
 * \tparam T the element type (default-constructible)
 * \tparam N the capacity
 */
template <typename T, size_t N>
class IpsecFixedList
{
  public:
    IpsecFixedList() = default;

    /**
     * \brief Copy the elements in use only (a verdict is copied per packet; its lists are
     * mostly empty or hold one SA).
     * \param other the list to copy
     */
    IpsecFixedList(const IpsecFixedList& other)
        : m_size(other.m_size)
    {
        for (size_t i = 0; i < m_size; ++i)
        {
            m_items[i] = other.m_items[i];
        }
    }

    /**
     * \brief Copy the elements in use; those this list held beyond them are released.
     * \param other the list to copy
     * \return this list
     */
    IpsecFixedList& operator=(const IpsecFixedList& other)
    {
        if (this != &other)
        {
            for (size_t i = 0; i < other.m_size; ++i)
            {
                m_items[i] = other.m_items[i];
            }
            for (size_t i = other.m_size; i < m_size; ++i)
            {
                m_items[i] = T();
            }
            m_size = other.m_size;
        }
        return *this;
    }

    /// \return the number of elements
    size_t size() const { return m_size; }

    /// \return true without elements
    bool empty() const { return m_size == 0; }

    /**
     * \param value the element to append (the list must not be full)
     */
    void push_back(const T& value)
    {
        NS_ASSERT(m_size < N);
        m_items[m_size++] = value;
    }

    /// Remove every element (and release what they hold).
    void clear()
    {
        for (size_t i = 0; i < m_size; ++i)
        {
            m_items[i] = T();
        }
        m_size = 0;
    }

    /**
     * \param i an index below size()
     * \return the element
     */
    const T& operator[](size_t i) const
    {
        NS_ASSERT(i < m_size);
        return m_items[i];
    }

    /// \return the first element (the list must not be empty)
    const T& front() const { return (*this)[0]; }

    /// \return the last element (the list must not be empty)
    const T& back() const { return (*this)[m_size - 1]; }

    /// \return an iterator to the first element
    const T* begin() const { return m_items.data(); }

    /// \return an iterator past the last element
    const T* end() const { return m_items.data() + m_size; }

  private:
    std::array<T, N> m_items{}; //!< storage
    size_t m_size{0};           //!< elements in use
};

} // namespace ns3

#endif /* IPSEC_FIXED_LIST_H */

/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
/**
 * \file
 * \brief A token-level mutator for the configuration-file harnesses (LLVMFuzzerCustomMutator).
 *
 * libFuzzer's byte mutations rarely turn one valid statement into another valid one, and the
 * interesting bugs of the readers are behind valid statements with unusual values: a lifetime of
 * 2^64 - 1 seconds, a replay window of 2^32 - 1, an update of a paired SA, a key one byte short.
 * This mutator edits whole words: replaces one with a keyword of the format, a boundary number,
 * an address of the harness's world or a hex key of some length; inserts, deletes, duplicates
 * words and lines. One time in four it leaves the work to libFuzzer's own mutations.
 */
#ifndef IPSEC_FUZZ_TEXT_MUTATOR_H
#define IPSEC_FUZZ_TEXT_MUTATOR_H

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t maxSize);

namespace ipsecfuzz
{

/// Values that sit on the edges of the readers' ranges.
inline const std::vector<std::string>&
BoundaryNumbers()
{
    static const std::vector<std::string> numbers{"0",
                                                  "1",
                                                  "2",
                                                  "3",
                                                  "7",
                                                  "8",
                                                  "31",
                                                  "32",
                                                  "63",
                                                  "64",
                                                  "65",
                                                  "100",
                                                  "255",
                                                  "256",
                                                  "257",
                                                  "1023",
                                                  "4095",
                                                  "4096",
                                                  "4097",
                                                  "65535",
                                                  "65536",
                                                  "2147483647",
                                                  "2147483648",
                                                  "4294967295",
                                                  "4294967296",
                                                  "0xffffffff",
                                                  "0x100",
                                                  "0xff",
                                                  "0x0",
                                                  "-1",
                                                  "9223372036854775807",
                                                  "9223372036854775808",
                                                  "18446744073709551615",
                                                  "18446744073709551616",
                                                  "99999999999999999999999",
                                                  "0x7fffffff",
                                                  "0x10000"};
    return numbers;
}

/// The mutator: words of the format plus generic values.
class TextMutator
{
  public:
    /// \param words the format's keywords and the world's names and addresses
    explicit TextMutator(std::vector<std::string> words)
        : m_words(std::move(words))
    {
    }

    /**
     * \brief Mutate in place (LLVMFuzzerCustomMutator's contract).
     * \return the new size
     */
    size_t Mutate(uint8_t* data, size_t size, size_t maxSize, unsigned seed)
    {
        std::mt19937 random(seed);
        if (random() % 4 == 0 || size == 0)
        {
            return LLVMFuzzerMutate(data, size, maxSize);
        }
        std::string text(reinterpret_cast<const char*>(data), size);
        for (unsigned n = 1 + random() % 3; n > 0; --n)
        {
            MutateOnce(text, random);
        }
        if (text.size() > maxSize)
        {
            text.resize(maxSize);
        }
        std::copy(text.begin(), text.end(), data);
        return text.size();
    }

  private:
    /// [begin, end) of each word (run of non-space characters)
    static std::vector<std::pair<size_t, size_t>> Words(const std::string& text)
    {
        std::vector<std::pair<size_t, size_t>> out;
        for (size_t i = 0; i < text.size();)
        {
            while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
            {
                ++i;
            }
            size_t start = i;
            while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])))
            {
                ++i;
            }
            if (i > start)
            {
                out.emplace_back(start, i);
            }
        }
        return out;
    }

    std::string Value(std::mt19937& random) const
    {
        switch (random() % 4)
        {
            case 0:
                return BoundaryNumbers()[random() % BoundaryNumbers().size()];
            case 1: {
                // A hex key of a common length, or one byte off.
                static const unsigned lengths[] = {0, 1, 4, 8, 16, 20, 24, 28, 32, 36, 48, 56, 64};
                unsigned n = lengths[random() % std::size(lengths)] + (random() % 3) - 1;
                std::string hex = random() % 2 ? "0x" : "";
                for (unsigned i = 0; i < 2 * n && i < 200; ++i)
                {
                    hex += "0123456789abcdef"[random() % 16];
                }
                return hex;
            }
            default:
                return m_words.empty() ? "x" : m_words[random() % m_words.size()];
        }
    }

    /// A word like \p word: a keyword sharing its first or last three letters, or a number
    /// next to it, twice or half of it.
    std::string Relative(const std::string& word, std::mt19937& random) const
    {
        if (!word.empty() && std::isdigit(static_cast<unsigned char>(word[0])))
        {
            unsigned long long v = std::strtoull(word.c_str(), nullptr, 0);
            switch (random() % 5)
            {
                case 0:
                    return std::to_string(v + 1);
                case 1:
                    return std::to_string(v - 1);
                case 2:
                    return std::to_string(v * 2);
                case 3:
                    return std::to_string(v / 2);
                default:
                    return std::to_string(v * 1000000007ULL);
            }
        }
        std::vector<const std::string*> similar;
        if (word.size() >= 3)
        {
            for (const auto& w : m_words)
            {
                if (w.size() >= 3 && w != word
                    && (w.compare(0, 3, word, 0, 3) == 0
                        || w.compare(w.size() - 3, 3, word, word.size() - 3, 3) == 0))
                {
                    similar.push_back(&w);
                }
            }
        }
        return similar.empty() ? Value(random) : *similar[random() % similar.size()];
    }

    void MutateOnce(std::string& text, std::mt19937& random) const
    {
        auto words = Words(text);
        if (words.empty())
        {
            text += Value(random);
            return;
        }
        auto [begin, end] = words[random() % words.size()];
        switch (random() % 8)
        {
            case 0: // replace a word
                text.replace(begin, end - begin, Value(random));
                break;
            case 1: // replace a word with a relative: soft_bytes -> soft_addtime, 60 -> 61
                text.replace(begin, end - begin, Relative(text.substr(begin, end - begin), random));
                break;
            case 2: // insert a word before one
                text.insert(begin, Value(random) + " ");
                break;
            case 3: // delete a word
                text.erase(begin, end - begin);
                break;
            case 4: { // copy a word over another
                auto [b2, e2] = words[random() % words.size()];
                std::string other = text.substr(b2, e2 - b2);
                text.replace(begin, end - begin, other);
                break;
            }
            case 5: { // duplicate the line holding the word
                size_t lineStart = text.rfind('\n', begin);
                lineStart = lineStart == std::string::npos ? 0 : lineStart + 1;
                size_t lineEnd = text.find('\n', begin);
                lineEnd = lineEnd == std::string::npos ? text.size() : lineEnd + 1;
                std::string line = text.substr(lineStart, lineEnd - lineStart);
                if (line.empty() || line.back() != '\n')
                {
                    line += '\n';
                }
                size_t at = random() % 2 ? lineStart : lineEnd;
                text.insert(at, line);
                break;
            }
            default: { // a number word gets a boundary value
                for (size_t tries = 0; tries < words.size(); ++tries)
                {
                    auto [b, e] = words[(random() + tries) % words.size()];
                    if (std::isdigit(static_cast<unsigned char>(text[b])))
                    {
                        text.replace(b,
                                     e - b,
                                     BoundaryNumbers()[random() % BoundaryNumbers().size()]);
                        return;
                    }
                }
                text.insert(begin, Value(random) + " ");
                break;
            }
        }
    }

    std::vector<std::string> m_words;
};

} // namespace ipsecfuzz

#endif /* IPSEC_FUZZ_TEXT_MUTATOR_H */

package dev.deployer.cloud.network;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IPv4 CIDR block, for validating network layouts before any call. */
public record Cidr(long base, int prefix) {
  private static final Pattern FORM =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

  /** The block, or empty when the text is not a CIDR whose address is the network address. */
  public static Optional<Cidr> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    long addr = 0;
    for (int i = 1; i <= 4; i++) {
      int octet = Integer.parseInt(m.group(i));
      if (octet > 255) {
        return Optional.empty();
      }
      addr = (addr << 8) | octet;
    }
    int prefix = Integer.parseInt(m.group(5));
    if (prefix > 32) {
      return Optional.empty();
    }
    Cidr c = new Cidr(addr, prefix);
    return (addr & c.mask()) == addr ? Optional.of(c) : Optional.empty();
  }

  private long mask() {
    return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
  }

  private long last() {
    return base | (~mask() & 0xFFFFFFFFL);
  }

  public boolean contains(Cidr other) {
    return other.prefix >= prefix && (other.base & mask()) == base;
  }

  public boolean overlaps(Cidr other) {
    return base <= other.last() && other.base <= last();
  }
}

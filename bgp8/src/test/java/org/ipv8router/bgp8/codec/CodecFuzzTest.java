package org.ipv8router.bgp8.codec;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipv8router.bgp8.fib.FibChannel;
import org.ipv8router.bgp8.fib.InMemoryFib;
import org.ipv8router.bgp8.fsm.BgpFsm;
import org.ipv8router.bgp8.fsm.FsmConfig;
import org.ipv8router.bgp8.fsm.FsmEvent;
import org.ipv8router.bgp8.fsm.FsmTimer;
import org.ipv8router.bgp8.policy.ImportPolicy;
import org.ipv8router.bgp8.policy.PeerPolicy;
import org.ipv8router.bgp8.policy.PolicyConfig;
import org.ipv8router.bgp8.policy.RouteValidator;
import org.ipv8router.bgp8.rib.Rib;
import org.ipv8router.bgp8.rib.RibPeer;
import org.ipv8router.bgp8.testutil.Hex;
import org.ipv8router.bgp8.testutil.NoFsmActions;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing of the codec, FSM and RIB: valid messages are mutated at random (seeded, so a failure is
 * reproducible) and run through header validation, OPEN/UPDATE/NOTIFICATION decoding, the FSM and the RIB.
 * Every outcome must be a value (OK, treat-as-withdraw, or a NOTIFICATION with a valid code); no exception may
 * escape. Each message is copied into a buffer of exactly its own length, so any read past the message end
 * throws and fails the test.
 */
class CodecFuzzTest
{
    private static final int ITERATIONS = 40_000;
    private static final long SEED = 0x1F8L;

    private static List<byte[]> seeds()
    {
        final List<byte[]> seeds = new ArrayList<>();
        seeds.add(Hex.bytes(SpecVectorTest.OPEN_57));
        seeds.add(Hex.bytes(SpecVectorTest.UPDATE_79));
        seeds.add(Hex.bytes(SpecVectorTest.WITHDRAW_36));
        seeds.add(Hex.bytes(SpecVectorTest.IPV4_58));
        final UnsafeBuffer b = new UnsafeBuffer(new byte[4096]);
        final UpdateEncoder enc = new UpdateEncoder(WireProfile.DEFAULT);
        final PathAttributes a = new PathAttributes(Bgp.ORIGIN_EGP, new int[] {Bgp.AS_SEQUENCE, 3, 64497, 7, 8,
            Bgp.AS_SET, 2, 9, 10}, 0xC0000202L, 50, 100, true, 64497, 0x01020304, new int[] {1, 2, 3}, 99, false,
            new long[] {(0x0A000001L << 16) | 443}, new byte[] {(byte)0xC0, (byte)0xFA, 1, 7});
        final long[] p = {0x0A000000L, 0x0B000000L, (64497L << 32) | 0x0A000000L};
        final byte[] l = {40, 56, 48};
        enc.announce(b, 0, a, false, p, l, 0, 2, true, true);
        seeds.add(Arrays.copyOf(b.byteArray(), enc.lastLength()));
        enc.announce(b, 0, a.withNextHop((64497L << 32) | 1), true, p, l, 2, 1, true, true);
        seeds.add(Arrays.copyOf(b.byteArray(), enc.lastLength()));
        enc.withdraw(b, 0, false, p, l, 0, 2);
        seeds.add(Arrays.copyOf(b.byteArray(), enc.lastLength()));
        final int n = MessageHeader.writeNotification(b, 0, BgpError.of(6, 2, new byte[] {1, 2}, "x"));
        seeds.add(Arrays.copyOf(b.byteArray(), n));
        seeds.add(Arrays.copyOf(b.byteArray(), MessageHeader.writeKeepalive(b, 0)));
        seeds.add(Arrays.copyOf(b.byteArray(), MessageHeader.writeRouteRefresh(b, 0, 1, 241)));
        return seeds;
    }

    private static byte[] mutate(final byte[] seed, final Random r)
    {
        byte[] m = seed.clone();
        final int ops = 1 + r.nextInt(4);
        for (int k = 0; k < ops; k++)
        {
            switch (r.nextInt(7))
            {
                case 0 -> m[r.nextInt(m.length)] ^= (byte)(1 << r.nextInt(8));
                case 1 -> m[r.nextInt(m.length)] = (byte)r.nextInt(256);
                case 2 ->
                {
                    // Truncate the body and fix the header length so the damage reaches the decoders.
                    final int len = Math.max(19, m.length - 1 - r.nextInt(Math.max(1, m.length / 2)));
                    m = Arrays.copyOf(m, len);
                }
                case 3 ->
                {
                    // Insert random octets somewhere after the header.
                    final int at = Math.min(m.length, 19 + r.nextInt(Math.max(1, m.length - 18)));
                    final int n = 1 + r.nextInt(8);
                    final byte[] x = new byte[m.length + n];
                    System.arraycopy(m, 0, x, 0, at);
                    for (int i = 0; i < n; i++)
                    {
                        x[at + i] = (byte)r.nextInt(256);
                    }
                    System.arraycopy(m, at, x, at + n, m.length - at);
                    m = x;
                }
                case 4 ->
                {
                    if (m.length > 19)
                    {
                        m[19 + r.nextInt(Math.min(6, m.length - 19))] = (byte)(r.nextBoolean() ? 0 : 0xFF);
                    }
                }
                case 5 ->
                {
                    // Corrupt a length-looking octet: any octet gets a small or large value.
                    final int i = r.nextInt(m.length);
                    m[i] = (byte)(r.nextBoolean() ? r.nextInt(4) : 250 + r.nextInt(6));
                }
                default -> m[18] = (byte)(1 + r.nextInt(6));
            }
        }
        if (m.length > 19 && r.nextInt(10) != 0)
        {
            // Most of the time keep the header length consistent so the body decoders get exercised.
            m[16] = (byte)(m.length >>> 8);
            m[17] = (byte)m.length;
        }
        return m;
    }

    static final class NullActions extends NoFsmActions
    {
        final Map<FsmTimer, Long> timers = new EnumMap<>(FsmTimer.class);

        @Override
        public void sendNotification(final BgpError error)
        {
            assertTrue(error.code() >= 1 && error.code() <= 6, "NOTIFICATION code " + error.code());
        }

        @Override
        public void startTimer(final FsmTimer timer, final long millis)
        {
            timers.put(timer, millis);
        }

        @Override
        public void stopTimer(final FsmTimer timer)
        {
            timers.remove(timer);
        }
    }

    @Test
    void mutatedMessagesNeverThrow()
    {
        final List<byte[]> seeds = seeds();
        final Random r = new Random(SEED);
        final FibChannel channel = new FibChannel(1024, 256);
        final InMemoryFib fib = new InMemoryFib();
        final Rib rib = new Rib(new ImportPolicy(PolicyConfig.defaults(64496), RouteValidator.allowAll()), channel);
        final RibPeer peer = rib.addPeer("fuzz", PeerPolicy.ebgp(64497), 1, 1);
        final RibPeer ipeer = rib.addPeer("fuzz-i", PeerPolicy.ibgp(64496), 2, 2);
        final UpdateDecoder ebgp = new UpdateDecoder(WireProfile.DEFAULT, new AttributeInterner());
        ebgp.configure(true, false, true, true);
        final UpdateDecoder ibgp2 = new UpdateDecoder(WireProfile.DEFAULT, new AttributeInterner());
        ibgp2.configure(false, true, true, true);
        final NullActions actions = new NullActions();
        final BgpFsm fsm = new BgpFsm(FsmConfig.DEFAULT, actions);
        fsm.handle(FsmEvent.MANUAL_START);
        int resets = 0;
        int withdraws = 0;
        int ok = 0;
        int headerErrors = 0;
        for (int it = 0; it < ITERATIONS; it++)
        {
            final byte[] m = mutate(seeds.get(r.nextInt(seeds.size())), r);
            try
            {
                if (m.length < Bgp.HEADER_LENGTH)
                {
                    continue;
                }
                final UnsafeBuffer whole = new UnsafeBuffer(m);
                final BgpError he = MessageHeader.validate(whole, 0, Bgp.MAX_MESSAGE_LENGTH);
                if (he != null)
                {
                    headerErrors++;
                    fsm.handle(FsmEvent.BGP_MESSAGE_ERROR, he);
                    fsm.handle(FsmEvent.IDLE_HOLD_TIMER_EXPIRES);
                    continue;
                }
                final int len = MessageHeader.length(whole, 0);
                if (len > m.length)
                {
                    continue; // the session would wait for more bytes
                }
                final UnsafeBuffer exact = new UnsafeBuffer(Arrays.copyOf(m, len));
                switch (MessageHeader.type(exact, 0))
                {
                    case Bgp.OPEN ->
                    {
                        final OpenMessage.Result res = OpenMessage.decode(exact, 19, len - 19, WireProfile.DEFAULT);
                        assertTrue(res.open() != null ^ res.error() != null);
                        if (res.open() != null)
                        {
                            fsm.handle(FsmEvent.TCP_CONNECTED);
                            fsm.openReceived(res.open().holdTime());
                        }
                    }
                    case Bgp.UPDATE ->
                    {
                        final UpdateDecoder d = (it & 1) == 0 ? ebgp : ibgp2;
                        final RibPeer target = (it & 1) == 0 ? peer : ipeer;
                        final UpdateDecoder.Outcome o = d.decode(exact, 0, len, new UpdateHandler()
                        {
                            @Override
                            public void announce(final long prefix, final int length, final PathAttributes a)
                            {
                                rib.announce(target, prefix, length, a);
                            }

                            @Override
                            public void withdraw(final long prefix, final int length)
                            {
                                rib.withdraw(target, prefix, length);
                            }
                        });
                        switch (o)
                        {
                            case OK -> ok++;
                            case TREAT_AS_WITHDRAW ->
                            {
                                withdraws++;
                                assertNotNull(d.treatAsWithdrawReason());
                            }
                            case SESSION_RESET ->
                            {
                                resets++;
                                assertNotNull(d.error());
                                assertTrue(d.error().code() == Bgp.ERR_UPDATE, d.error().toString());
                                fsm.handle(FsmEvent.UPDATE_ERROR, d.error());
                            }
                        }
                        rib.endOfBurst();
                        rib.flushExports();
                        channel.drain(fib);
                    }
                    case Bgp.NOTIFICATION -> fsm.handle(FsmEvent.NOTIFICATION_RECEIVED,
                        MessageHeader.readNotification(exact, 0, len));
                    case Bgp.KEEPALIVE -> fsm.handle(FsmEvent.KEEPALIVE_RECEIVED);
                    default -> fsm.handle(FsmEvent.UPDATE_RECEIVED);
                }
            }
            catch (final RuntimeException e)
            {
                fail("iteration " + it + " threw " + e + " on message " + Hex.of(new UnsafeBuffer(m), m.length), e);
            }
        }
        assertTrue(ok > 1000 && withdraws > 100 && resets > 100 && headerErrors > 100,
            "mutations must reach every outcome: ok=" + ok + " withdraw=" + withdraws + " reset=" + resets +
            " header=" + headerErrors);
    }
}

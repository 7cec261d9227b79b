package org.ipv8router.bgp8.codec;

/**
 * BGP-4 protocol constants (RFC 4271, RFC 4760, RFC 6793, RFC 2918, RFC 4486, RFC 5492).
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                           Marker (16, all ones)               +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Length               |      Type     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Bgp
{
    public static final int MARKER_LENGTH = 16;
    public static final int LENGTH_OFFSET = 16;
    public static final int TYPE_OFFSET = 18;
    public static final int HEADER_LENGTH = 19;
    public static final int MAX_MESSAGE_LENGTH = 4096;
    public static final int VERSION = 4;
    public static final int PORT = 179;
    public static final int AS_TRANS = 23456;

    public static final int OPEN = 1;
    public static final int UPDATE = 2;
    public static final int NOTIFICATION = 3;
    public static final int KEEPALIVE = 4;
    public static final int ROUTE_REFRESH = 5;

    public static final int AFI_IPV4 = 1;
    public static final int SAFI_UNICAST = 1;

    public static final int OPT_PARAM_CAPABILITIES = 2;
    public static final int CAP_MULTIPROTOCOL = 1;
    public static final int CAP_ROUTE_REFRESH = 2;
    public static final int CAP_FOUR_OCTET_AS = 65;

    public static final int ATTR_FLAG_OPTIONAL = 0x80;
    public static final int ATTR_FLAG_TRANSITIVE = 0x40;
    public static final int ATTR_FLAG_PARTIAL = 0x20;
    public static final int ATTR_FLAG_EXTENDED = 0x10;

    public static final int ATTR_ORIGIN = 1;
    public static final int ATTR_AS_PATH = 2;
    public static final int ATTR_NEXT_HOP = 3;
    public static final int ATTR_MED = 4;
    public static final int ATTR_LOCAL_PREF = 5;
    public static final int ATTR_ATOMIC_AGGREGATE = 6;
    public static final int ATTR_AGGREGATOR = 7;
    public static final int ATTR_COMMUNITIES = 8;
    public static final int ATTR_MP_REACH = 14;
    public static final int ATTR_MP_UNREACH = 15;
    public static final int ATTR_AS4_PATH = 17;
    public static final int ATTR_AS4_AGGREGATOR = 18;

    public static final int ORIGIN_IGP = 0;
    public static final int ORIGIN_EGP = 1;
    public static final int ORIGIN_INCOMPLETE = 2;

    public static final int AS_SET = 1;
    public static final int AS_SEQUENCE = 2;

    // NOTIFICATION error codes and subcodes (RFC 4271 section 4.5, RFC 4486, RFC 5492).
    public static final int ERR_HEADER = 1;
    public static final int ERR_HEADER_NOT_SYNCHRONIZED = 1;
    public static final int ERR_HEADER_BAD_LENGTH = 2;
    public static final int ERR_HEADER_BAD_TYPE = 3;

    public static final int ERR_OPEN = 2;
    public static final int ERR_OPEN_UNSUPPORTED_VERSION = 1;
    public static final int ERR_OPEN_BAD_PEER_AS = 2;
    public static final int ERR_OPEN_BAD_BGP_ID = 3;
    public static final int ERR_OPEN_UNSUPPORTED_OPT_PARAM = 4;
    public static final int ERR_OPEN_UNACCEPTABLE_HOLD_TIME = 6;
    public static final int ERR_OPEN_UNSUPPORTED_CAPABILITY = 7;

    public static final int ERR_UPDATE = 3;
    public static final int ERR_UPDATE_MALFORMED_ATTR_LIST = 1;
    public static final int ERR_UPDATE_UNRECOGNIZED_WELL_KNOWN = 2;
    public static final int ERR_UPDATE_MISSING_WELL_KNOWN = 3;
    public static final int ERR_UPDATE_ATTR_FLAGS = 4;
    public static final int ERR_UPDATE_ATTR_LENGTH = 5;
    public static final int ERR_UPDATE_INVALID_ORIGIN = 6;
    public static final int ERR_UPDATE_INVALID_NEXT_HOP = 8;
    public static final int ERR_UPDATE_OPTIONAL_ATTR = 9;
    public static final int ERR_UPDATE_INVALID_NETWORK = 10;
    public static final int ERR_UPDATE_MALFORMED_AS_PATH = 11;

    public static final int ERR_HOLD_TIMER_EXPIRED = 4;

    public static final int ERR_FSM = 5;
    public static final int ERR_FSM_UNEXPECTED_IN_OPENSENT = 1;
    public static final int ERR_FSM_UNEXPECTED_IN_OPENCONFIRM = 2;
    public static final int ERR_FSM_UNEXPECTED_IN_ESTABLISHED = 3;

    public static final int ERR_CEASE = 6;
    public static final int CEASE_MAX_PREFIXES = 1;
    public static final int CEASE_ADMIN_SHUTDOWN = 2;
    public static final int CEASE_PEER_DECONFIGURED = 3;
    public static final int CEASE_ADMIN_RESET = 4;
    public static final int CEASE_CONNECTION_REJECTED = 5;
    public static final int CEASE_OTHER_CONFIG_CHANGE = 6;
    public static final int CEASE_COLLISION = 7;
    public static final int CEASE_OUT_OF_RESOURCES = 8;

    private Bgp()
    {
    }

    /** Human-readable name of a NOTIFICATION code/subcode pair, for logs. */
    public static String errorName(final int code, final int subcode)
    {
        final String c = switch (code)
        {
            case ERR_HEADER -> "Message Header Error";
            case ERR_OPEN -> "OPEN Message Error";
            case ERR_UPDATE -> "UPDATE Message Error";
            case ERR_HOLD_TIMER_EXPIRED -> "Hold Timer Expired";
            case ERR_FSM -> "Finite State Machine Error";
            case ERR_CEASE -> "Cease";
            default -> "Unknown error " + code;
        };
        return c + " (" + code + "/" + subcode + ")";
    }
}

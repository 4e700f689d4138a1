package dev.muster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class OneLineTest {
    @Test
    void joinsCausesOnOneLine() {
        IOException e = new IOException("cannot connect\n  to broker", new ConnectException("Connection refused"));
        assertEquals("cannot connect to broker: Connection refused", OneLine.of(e));
        assertEquals("NullPointerException", OneLine.of(new NullPointerException()));
    }
}

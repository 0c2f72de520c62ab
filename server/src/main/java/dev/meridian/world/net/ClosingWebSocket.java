package dev.meridian.world.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * A WebSocket the server is closing before any session (a bad token, 4401): what the client sends is discarded
 * until its connection ends or the close wait of {@link WebSocketConnection#closeGracefully} runs out, so the
 * socket is never closed with the client's frames unread (which would reset it and lose the close frame).
 */
final class ClosingWebSocket extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof ByteBuf bytes) {
            bytes.release();
        } else {
            ctx.fireChannelRead(message);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}

// Entry point: an (already gunzipped) OTLP/HTTP request body → Decoded.
import { DecodeError, type Decoded, type Signal } from "./types";
import { decodeProtobuf } from "./decode-protobuf";
import { decodeJson } from "./decode-json";

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function decodeRequest(signal: Signal, contentType: "protobuf" | "json", body: Uint8Array): Decoded {
  if (contentType === "protobuf") return decodeProtobuf(signal, body);
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new DecodeError("OTLP/JSON body is not valid UTF-8");
  }
  return decodeJson(signal, text);
}

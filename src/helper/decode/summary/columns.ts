/** Protocol and Info columns as Wireshark writes them (Info is hostile: escape it). */
export interface PacketColumns {
  protocol: string;
  info: string;
}

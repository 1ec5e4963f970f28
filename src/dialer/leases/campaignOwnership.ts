/**
 * Which campaigns this node may dial. With several nodes on one database, each campaign is dialed
 * by the one node that holds its lease (LeaseKeeper); a single node holds them all (no ownership
 * given to the engine).
 */
export interface CampaignOwnership {
  /** This node holds the campaign's lease and may place its calls now. */
  owns(campaignId: number): boolean;
}
